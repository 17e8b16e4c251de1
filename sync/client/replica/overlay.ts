/**
 * The overlay: for each record with local mutations still in play, the whole
 * merged row (server row + pending changes) is kept in <table>_local, and the
 * view shows it instead of the synced row.
 *
 * Why whole rows rather than only the changed fields: reads stay a plain
 * UNION ALL that SQLite flattens and indexes (a per-column coalesce over a
 * changed-fields overlay would cost a JSON lookup per column per row on every
 * read). The changed fields are not lost: they are the outbox entries, and the
 * overlay is always recomputed from them ("rebased") whenever its inputs move:
 *
 *   overlay(row) = fold(synced row, outbox entries of the row that are
 *                       pending | sent | applied, in outbox order)
 *
 * so a server change to another field shows through at once, and a pending edit
 * stays on top until its transaction id arrives (then its entry is dropped and
 * the fold has one input fewer). Rejected entries are left out of the fold,
 * which is what puts the row back to the server's state.
 *
 * No tombstones are needed: client deletes are soft (deleted_at), and a record
 * the server removed outright has no base for pending updates to apply to.
 */
import { TABLES, type ColumnSpec } from '../../schema/index.ts';
import {
  columnSpecs,
  localTable,
  mergedArms,
  q,
  rowValuesSql,
  syncedTable,
  type Arm,
  type MutableTableName,
} from './ddl.ts';
import { storedTimestamp, toSqlValue, type SqlRow, type SqlValue } from './sql-types.ts';
import { reindexRecords } from './search-index.ts';
import type { ChangeSource, ReplicaConnection } from './connection.ts';

/** The outbox fields the fold needs. */
export interface FoldEntry {
  op: 'insert' | 'update' | 'delete' | 'restore';
  changes: string | null;
  workspace_id: string | null;
  /** The outbox's canonical text (README.md, "Timestamps"): stored as the row's columns are by the fold. */
  created_at: string;
}

/** What the server's column DEFAULT will give, shown until the server's row arrives. */
function defaultFor(spec: ColumnSpec, at: SqlValue): SqlValue {
  if (!spec.hasDefault || spec.nullable) return null;
  switch (spec.type.kind) {
    case 'boolean':
      return spec.defaultValue === true ? 1 : 0;
    case 'timestamptz':
      return at;
    case 'enum':
      return typeof spec.defaultValue === 'string' ? spec.defaultValue : null;
    case 'text[]':
      return '[]';
    default:
      return null;
  }
}

function applyChanges(
  specs: Record<string, ColumnSpec>,
  row: SqlRow,
  changes: string | null,
): Record<string, unknown> {
  const parsed = changes ? (JSON.parse(changes) as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(parsed)) {
    const spec = specs[k];
    if (spec) row[k] = toSqlValue(spec, v);
  }
  return parsed;
}

/**
 * The merged row from a synced row (or none) and the row's live outbox entries.
 * Pure: also used by the integrity check. Server-kept columns are predicted the
 * way the server's triggers set them (stamps, stage_changed_at) until the
 * server's own values arrive.
 */
export function foldRow(
  table: MutableTableName,
  rowId: string,
  synced: SqlRow | undefined,
  entries: readonly FoldEntry[],
  actorId: string | null,
): SqlRow | undefined {
  const specs = columnSpecs(table);
  const tracksStage = 'stage_changed_at' in TABLES[table].columns;
  let row: SqlRow | undefined = synced ? { ...synced } : undefined;
  for (const e of entries) {
    const at = storedTimestamp(e.created_at);
    if (e.op === 'insert' && !row) {
      row = {};
      for (const [name, spec] of Object.entries(specs)) row[name] = defaultFor(spec, at);
      row.id = rowId;
      row.workspace_id = e.workspace_id;
      row.created_at = at;
      row.created_by = actorId;
      if (tracksStage) row.stage_changed_at = at;
    }
    if (!row) continue; // an update of a record the server no longer has: nothing to show
    const stageBefore = row.stage;
    if (e.op === 'insert' || e.op === 'update') applyChanges(specs, row, e.changes);
    else if (e.op === 'delete') row.deleted_at = at;
    else row.deleted_at = null;
    if (tracksStage && e.op === 'update' && row.stage !== stageBefore) row.stage_changed_at = at;
    row.updated_at = at;
    row.updated_by = actorId;
  }
  return row;
}

export const LIVE_STATUSES = `('pending', 'sent', 'applied')`;

/**
 * Records whose last_interaction_at the server derives from interactions
 * (0004_derived-data.sql), by the interaction column that points at them.
 */
export const LAST_INTERACTION_PARENTS = {
  organizations: 'organization_id',
  contacts: 'contact_id',
  opportunities: 'opportunity_id',
} as const satisfies Partial<Record<MutableTableName, string>>;
type ParentTable = keyof typeof LAST_INTERACTION_PARENTS;

function isParent(table: MutableTableName): table is ParentTable {
  return table in LAST_INTERACTION_PARENTS;
}

/**
 * Predicts a parent's last_interaction_at while interactions about it are
 * still local: the server's formula (max date of its live interactions) over
 * the merged view, so a quick log moves "last interaction" at once, and a
 * local-only workspace, which never hears from a server, still has the value.
 * undefined when no local interaction refers to the record: the server's own
 * value stands. The column is not client-writable, so this never reaches the
 * outbox; the overlay drops it when the interactions' entries leave.
 */
function predictedLastInteraction(
  r: ReplicaConnection,
  table: ParentTable,
  id: string,
): SqlValue | undefined {
  const fk = q(LAST_INTERACTION_PARENTS[table]);
  const local = r
    .stmt(`SELECT 1 FROM ${q(localTable('interactions'))} WHERE ${fk} = ? LIMIT 1`)
    .get(id);
  if (!local) return undefined;
  // Newest first on each arm of the merged view, LIMIT 1: the synced arm walks
  // its (fk, interaction_date) index backwards and stops at the first live row,
  // so a customer with thousands of interactions costs what one with three does
  // (a max() over the UNION ALL view would read them all).
  const newest = (arm: Arm) =>
    (
      r
        .stmt(
          `SELECT i.interaction_date AS at FROM ${arm.from} WHERE i.${fk} = ? AND i.deleted_at IS NULL AND ${arm.where}
           ORDER BY i.interaction_date DESC LIMIT 1`,
        )
        .get(id) as { at: SqlValue } | undefined
    )?.at ?? null;
  const [a, b] = mergedArms('interactions', 'i').map(newest);
  return a == null ? (b ?? null) : b == null ? a : a > b ? a : b;
}

/**
 * What <table>_local must hold for a record: the fold of its synced row and
 * live outbox entries, with derived columns predicted; undefined when the
 * synced row stands alone. Shared by rebase and the integrity check.
 */
export function expectedOverlay(
  r: ReplicaConnection,
  table: MutableTableName,
  id: string,
): SqlRow | undefined {
  const synced = r.stmt(`SELECT * FROM ${q(syncedTable(table))} WHERE id = ?`).get(id) as
    SqlRow | undefined;
  const entries = r
    .stmt(
      `SELECT op, changes, workspace_id, created_at FROM outbox
       WHERE table_name = ? AND row_id = ? AND status IN ${LIVE_STATUSES} ORDER BY seq`,
    )
    .all(table, id) as FoldEntry[];
  let row = entries.length === 0 ? undefined : foldRow(table, id, synced, entries, r.actorId);
  if (isParent(table)) {
    const predicted = predictedLastInteraction(r, table, id);
    if (predicted !== undefined) {
      row ??= synced ? { ...synced } : undefined;
      if (row) row.last_interaction_at = predicted;
    }
  }
  return row;
}

type InteractionRefs = Record<ParentTable, string | null> | undefined;

/** What of an interaction's overlay its parents' predictions and its search document read. */
type LocalFacts = Record<ParentTable, string | null> & {
  interaction_date: SqlValue;
  deleted_at: SqlValue;
  notes: string | null;
};

function localFacts(r: ReplicaConnection, id: string): LocalFacts | undefined {
  return r
    .stmt(
      `SELECT organization_id AS organizations, contact_id AS contacts, opportunity_id AS opportunities,
              interaction_date, deleted_at, notes
       FROM ${q(localTable('interactions'))} WHERE id = ?`,
    )
    .get(id) as LocalFacts | undefined;
}

function sameFacts(a: LocalFacts, b: LocalFacts): boolean {
  return (Object.keys(a) as (keyof LocalFacts)[]).every((k) => a[k] === b[k]);
}

function interactionRefs(r: ReplicaConnection, id: string): InteractionRefs {
  return r
    .stmt(
      `SELECT organization_id AS organizations, contact_id AS contacts, opportunity_id AS opportunities FROM interactions WHERE id = ?`,
    )
    .get(id) as InteractionRefs;
}

/** Writes (or removes) one record's overlay row; its search document is the caller's. */
function writeOverlay(r: ReplicaConnection, table: MutableTableName, id: string): void {
  const row = expectedOverlay(r, table, id);
  if (row) {
    const cols = Object.keys(columnSpecs(table));
    // Values as the fold made them (ids as text): uuid columns become blobs in the statement,
    // text columns stay text whatever they hold (uuid-blob.ts).
    r.rawStmt(`INSERT OR REPLACE INTO ${q(localTable(table))} ${rowValuesSql(table, cols)}`).run(
      ...cols.map((c) => row[c] ?? null),
    );
  } else {
    r.stmt(`DELETE FROM ${q(localTable(table))} WHERE id = ?`).run(id);
  }
}

/**
 * Recomputes the overlays of `records` from their synced rows and outbox
 * entries and refreshes their search documents. Call inside a transaction
 * after anything that changes either input. An interaction's parents (before
 * and after the change) are recomputed too, once each and after every
 * interaction of the call: their predicted last_interaction_at depends on
 * them. Why batched: a push of 2,000 quick logs about 200 contacts rebased
 * each contact (and its organization) once per interaction, each a scan of
 * the overlay, when its answers and its rows came back (issue 13).
 */
export function rebaseRecords(
  r: ReplicaConnection,
  records: Iterable<readonly [MutableTableName, string]>,
  source: ChangeSource = 'local',
): void {
  const byTable = new Map<MutableTableName, Set<string>>();
  for (const [table, id] of records) {
    let ids = byTable.get(table);
    if (!ids) byTable.set(table, (ids = new Set()));
    ids.add(id);
  }
  const parents = new Map<MutableTableName, Set<string>>();
  const interactions = byTable.get('interactions');
  if (interactions) {
    for (const parent of Object.keys(LAST_INTERACTION_PARENTS) as ParentTable[])
      parents.set(parent, new Set(byTable.get(parent)));
    const addParents = (refs: InteractionRefs) => {
      for (const parent of Object.keys(LAST_INTERACTION_PARENTS) as ParentTable[]) {
        const parentId = refs?.[parent];
        if (parentId) parents.get(parent)!.add(parentId);
      }
    };
    const reindex: string[] = [];
    for (const id of interactions) {
      const before = localFacts(r, id);
      if (before === undefined) addParents(interactionRefs(r, id));
      writeOverlay(r, 'interactions', id);
      const after = localFacts(r, id);
      // Still overlaid, with the same parents, date, deletion and notes: the parents'
      // predictions and the search document cannot have moved (its new synced row is
      // hidden under the overlay). The usual case of a pushed quick log whose row
      // comes back before its answer (issue 13).
      if (before !== undefined && after !== undefined && sameFacts(before, after)) continue;
      if (before !== undefined) addParents(before);
      addParents(after === undefined ? interactionRefs(r, id) : after);
      reindex.push(id);
    }
    reindexRecords(r, 'interactions', reindex);
    r.touch('interactions', source);
    byTable.delete('interactions');
    // Parents named directly are done with the ones the interactions point at, after them.
    for (const parent of parents.keys()) byTable.delete(parent);
  }
  for (const [table, ids] of [...byTable, ...parents]) {
    if (ids.size === 0) continue;
    for (const id of ids) writeOverlay(r, table, id);
    reindexRecords(r, table, ids);
    r.touch(table, source);
  }
}

/** rebaseRecords for one record. */
export function rebase(
  r: ReplicaConnection,
  table: MutableTableName,
  id: string,
  source: ChangeSource = 'local',
): void {
  rebaseRecords(r, [[table, id]], source);
}
