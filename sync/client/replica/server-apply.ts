/**
 * The server-apply path: the only writer of <table>_synced, called by the shape
 * consumer at up-to-date boundaries. Each call is one transaction that writes
 * the server's rows, re-bases the overlays of records that have pending local
 * mutations (so a pending edit stays on top of an incoming change), drops the
 * mutations whose transaction ids arrived, keeps search current, and stores
 * the shape's handle and offset, so a restart resumes exactly where the data is.
 */
import type Database from 'better-sqlite3';
import { primaryKey, type TableName } from '../../schema/index.ts';
import {
  columnSpecs,
  isMutable,
  keyMatchSql,
  localTable,
  q,
  rowValuesSql,
  syncedTable,
  type MutableTableName,
} from './ddl.ts';
import { LIVE_STATUSES, rebaseRecords } from './overlay.ts';
import { isSearchTable, rebuildSearchFor, reindexRecords } from './search-index.ts';
import { canonicalTimestamp, toSqlValue, type SqlValue } from './sql-types.ts';
import type { ReplicaConnection } from './connection.ts';
import type { Outbox } from './outbox.ts';
import type { ServerChange } from './server-change.ts';
import { beginStaging, stageChanges, swapStagingIn } from './snapshot-staging.ts';
import { clearSpill, hasSpill, spillChanges, spilledChanges } from './catch-up-spill.ts';

export type { ServerChange } from './server-change.ts';

/** Where a table's shape stream stands (Electric's `handle` and `offset`). */
export interface ShapePosition {
  handle: string;
  offset: string;
}

export interface ShapeState extends ShapePosition {
  table: TableName;
  /** When the stream last reported up-to-date (null: initial sync not finished). */
  up_to_date_at: string | null;
  /** Rows written since the shape started (progress of an initial sync). */
  rows_applied: number;
  updated_at: string;
  /** JSON {xmin, xmax, xip_list} of the snapshot the table was last replaced from, if known. */
  snapshot: string | null;
}

export interface ApplyOptions {
  /** The stream position after these changes; stored in the same transaction. */
  shape?: ShapePosition;
  /** The batch ends at an up-to-date message. */
  upToDate?: boolean;
}

export interface ReplaceOptions extends ApplyOptions {
  /** When the snapshot was requested (see replaceFromStaging). */
  requestedAt?: string;
  /** The snapshot's visibility (Electric's snapshot-end), kept with the stream position. */
  snapshot?: { xmin: string; xmax: string; xip_list: string[] };
}

export interface ApplyReport {
  /** Rows inserted or changed. */
  written: number;
  /** Rows that arrived identical to what was stored (skipped: no index or search work). */
  unchanged: number;
  deleted: number;
  /** Outbox mutations dropped because their transaction id arrived. */
  confirmed: string[];
}

/**
 * How long after its answer an applied mutation may wait for its txid before an
 * up-to-date boundary drops it anyway (see Outbox.expireApplied): far beyond
 * the stream's normal lag of a second or two.
 */
export const APPLIED_GRACE_MS = 60_000;

export class ServerApply {
  private readonly upserts = new Map<TableName, { key: string; statement: Database.Statement }>();

  constructor(
    private readonly r: ReplicaConnection,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Applies one batch of a table's shape log, ending at an up-to-date boundary.
   * An iterable, so a long catch-up can be read from its spill page by page
   * (catch-up-spill.ts) inside this one transaction.
   */
  applyChanges(
    table: TableName,
    changes: Iterable<ServerChange>,
    options: ApplyOptions = {},
  ): ApplyReport {
    return this.r.transaction(() => {
      const report: ApplyReport = { written: 0, unchanged: 0, deleted: 0, confirmed: [] };
      const touched = new Set<string>();
      const txids = new Set<string>();
      const pk = primaryKey(table);
      for (const c of changes) {
        for (const t of c.txids ?? []) txids.add(String(t));
        const row = this.convert(table, c.row);
        for (const k of pk)
          if (row[k] === undefined || row[k] === null)
            throw new Error(`${table} change without ${k}`);
        if (c.op === 'delete') {
          const del = this.r.rawStmt(`DELETE FROM ${q(syncedTable(table))} WHERE ${keyMatchSql(table, pk)}`);
          if (del.run(...pk.map((k) => row[k] ?? null)).changes > 0) report.deleted++;
        } else if (this.upsert(table, row)) {
          report.written++;
        } else {
          report.unchanged++;
          continue;
        }
        if (typeof row.id === 'string') touched.add(row.id);
      }
      // Entries confirmed by these changes are dropped first, so each record is rebased once,
      // onto its new synced row without them (usually: no overlay left at all).
      const confirmed = this.outbox.dropConfirmed(table, txids);
      report.confirmed = confirmed.dropped;
      this.afterRowsChanged(table, touched, confirmed.touched);
      if (options.upToDate && isMutable(table)) {
        const before = canonicalTimestamp(new Date(this.r.now().getTime() - APPLIED_GRACE_MS));
        report.confirmed.push(...this.outbox.expireApplied(table, before));
      }
      if (options.shape)
        this.saveShape(table, options.shape, { upToDate: options.upToDate, added: report.written });
      if (report.written + report.deleted > 0) this.r.touch(table, 'server');
      return report;
    });
  }

  /**
   * Keeps an answer's changes on disk until their up-to-date (a catch-up that
   * spans several answers): catch-up-spill.ts.
   */
  spillChanges(table: TableName, changes: readonly ServerChange[]): void {
    spillChanges(this.r, table, changes);
  }

  /**
   * At an up-to-date: applies the table's spilled changes, then `tail` (the
   * last answer's, still in memory), in one transaction that also empties the
   * spill. Without a spill it is applyChanges(tail).
   */
  applyWithSpill(
    table: TableName,
    tail: readonly ServerChange[],
    options: ApplyOptions = {},
  ): ApplyReport {
    if (!hasSpill(this.r, table)) return this.applyChanges(table, tail, options);
    const r = this.r;
    function* all(): Generator<ServerChange> {
      yield* spilledChanges(r, table);
      yield* tail;
    }
    return this.r.transaction(() => {
      const report = this.applyChanges(table, all(), options);
      clearSpill(this.r, table);
      return report;
    });
  }

  /** Drops what a catch-up spilled (a stream restart or a refetch: those changes come again). */
  dropSpill(table: TableName): void {
    clearSpill(this.r, table);
  }

  /**
   * Replaces all of a table's synced rows with `rows` in one transaction (the
   * streamed path below, with the rows at hand): for callers that hold a whole
   * table already (tests, the bench's floor and light clients).
   */
  replaceRows(
    table: TableName,
    rows: readonly Record<string, unknown>[],
    options: ReplaceOptions = {},
  ): ApplyReport {
    return this.r.transaction(() => {
      this.beginSnapshot(table);
      this.stageSnapshot(
        table,
        rows.map((row) => ({ op: 'insert' as const, row })),
      );
      return this.replaceFromStaging(table, options);
    });
  }

  /** Starts a streamed snapshot of `table` (initial sync or refetch): an empty staging table. */
  beginSnapshot(table: TableName): void {
    beginStaging(this.r, table);
  }

  /** Writes one arriving batch of the snapshot into staging (its own transaction); nothing reads it yet. */
  stageSnapshot(table: TableName, changes: readonly ServerChange[]): void {
    stageChanges(this.r, table, changes);
  }

  /**
   * Replaces the table's synced rows with the staged snapshot, in one
   * transaction, at the snapshot's up-to-date message. Pending local edits
   * are kept and re-applied on top. `requestedAt` (when the snapshot was
   * requested) drops applied mutations answered before it: their effect is in
   * the snapshot, whose rows carry no txids to confirm them.
   */
  replaceFromStaging(table: TableName, options: ReplaceOptions = {}): ApplyReport {
    return this.r.transaction(() => {
      const db = this.r.db;
      const before = (
        db.prepare(`SELECT count(*) AS n FROM ${q(syncedTable(table))}`).get() as { n: number }
      ).n;
      const rows = swapStagingIn(db, table);
      const confirmed: string[] = [];
      if (isMutable(table)) {
        if (options.requestedAt) {
          const gone = this.r
            .stmt(
              `DELETE FROM outbox WHERE table_name = ? AND status = 'applied' AND applied_at < ? RETURNING mutation_id`,
            )
            .all(table, options.requestedAt) as { mutation_id: string }[];
          confirmed.push(...gone.map((g) => g.mutation_id));
        }
        const ids = this.r
          .stmt(
            `SELECT row_id AS id FROM outbox WHERE table_name = ? AND status IN ${LIVE_STATUSES}
             UNION SELECT id FROM ${q(localTable(table))}`,
          )
          .all(table) as { id: string }[];
        rebaseRecords(this.r, ids.map(({ id }) => [table, id] as const), 'server');
      }
      if (isSearchTable(table)) rebuildSearchFor(db, table);
      if (options.shape)
        this.saveShape(table, options.shape, {
          upToDate: options.upToDate ?? true,
          reset: rows,
          snapshot: options.snapshot ? JSON.stringify(options.snapshot) : null,
        });
      if (confirmed.length) this.r.touch('outbox', 'server');
      this.r.touch(table, 'server');
      return { written: rows, unchanged: 0, deleted: before, confirmed };
    });
  }

  /** Where the table's stream stands, if it has started. */
  shapeState(table: TableName): ShapeState | undefined {
    const row = this.r.stmt('SELECT * FROM shape_state WHERE table_name = ?').get(table) as
      (Omit<ShapeState, 'table'> & { table_name: TableName }) | undefined;
    if (!row) return undefined;
    const { table_name, ...rest } = row;
    return { table: table_name, ...rest };
  }

  /** Stores a stream position alone (e.g. an up-to-date message with no changes). */
  saveShape(
    table: TableName,
    pos: ShapePosition,
    /** `reset`: the table was replaced; its snapshot (or null) replaces the stored one. */
    o: { upToDate?: boolean; added?: number; reset?: number; snapshot?: string | null } = {},
  ): void {
    this.r.transaction(() => {
      const now = this.r.nowIso();
      this.r
        .stmt(
          `INSERT INTO shape_state (table_name, handle, "offset", up_to_date_at, rows_applied, updated_at, snapshot)
           VALUES (@table, @handle, @offset, @utd, @rows, @now, @snapshot)
           ON CONFLICT (table_name) DO UPDATE SET handle = @handle, "offset" = @offset,
             up_to_date_at = coalesce(@utd, up_to_date_at),
             rows_applied = CASE WHEN @reset IS NULL THEN rows_applied + @rows ELSE @reset END,
             snapshot = CASE WHEN @reset IS NULL THEN snapshot ELSE @snapshot END,
             updated_at = @now`,
        )
        .run({
          table,
          handle: pos.handle,
          offset: pos.offset,
          utd: o.upToDate ? now : null,
          rows: o.reset ?? o.added ?? 0,
          reset: o.reset ?? null,
          snapshot: o.snapshot ?? null,
          now,
        });
    });
  }

  /** Forgets a table's stream position: the next start fetches the shape from scratch. */
  clearShape(table: TableName): void {
    this.r.transaction(() => {
      this.r.stmt('DELETE FROM shape_state WHERE table_name = ?').run(table);
    });
  }

  private convert(
    table: TableName,
    raw: Record<string, unknown>,
  ): Record<string, SqlValue | undefined> {
    const specs = columnSpecs(table);
    const out: Record<string, SqlValue | undefined> = {};
    for (const [k, v] of Object.entries(raw)) {
      const spec = specs[k];
      if (spec && v !== undefined) out[k] = toSqlValue(spec, v);
    }
    return out;
  }

  /** Insert or merge the given columns; false when the stored row was already identical. */
  private upsert(table: TableName, row: Record<string, SqlValue | undefined>): boolean {
    const cols = Object.keys(row);
    return this.upsertStatement(table, cols).run(...cols.map((c) => row[c] ?? null)).changes > 0;
  }

  /**
   * The upsert of a table's rows with these columns. The rows of one table come
   * with the same columns: the last statement is kept per table, so its SQL is
   * not rebuilt (and hashed for the statement cache) once per row (issue 13).
   */
  private upsertStatement(table: TableName, cols: readonly string[]): Database.Statement {
    const key = cols.join(',');
    const last = this.upserts.get(table);
    if (last?.key === key) return last.statement;
    const pk = primaryKey(table);
    const rest = cols.filter((c) => !pk.includes(c));
    const target = q(syncedTable(table));
    const conflict =
      rest.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}
           WHERE (${rest.map((c) => `${target}.${q(c)}`).join(', ')}) IS NOT (${rest.map((c) => `excluded.${q(c)}`).join(', ')})`;
    // Uuid columns are bound as text and stored as blobs by the statement (uuid-blob.ts).
    const sql = `INSERT INTO ${target} ${rowValuesSql(table, cols)}
      ON CONFLICT (${pk.map(q).join(', ')}) ${conflict}`;
    const statement = this.r.rawStmt(sql);
    this.upserts.set(table, { key, statement });
    return statement;
  }

  /**
   * Records with live outbox entries or an overlay are re-based (which also
   * reindexes them); the rest are reindexed. `confirmed`: records whose entries
   * were just dropped, re-based whether or not their rows are among `ids`.
   */
  private afterRowsChanged(
    table: TableName,
    ids: Set<string>,
    confirmed: readonly (readonly [MutableTableName, string])[] = [],
  ): void {
    if (ids.size === 0) {
      rebaseRecords(this.r, confirmed, 'server');
      return;
    }
    const plain: string[] = [];
    // A record with live outbox entries or an overlay (which may be a predicted
    // last_interaction_at alone) is re-based so it follows its new synced row.
    const mutable = isMutable(table);
    const anyOverlay =
      mutable &&
      this.r
        .stmt(
          `SELECT 1 FROM outbox WHERE table_name = ? AND status IN ${LIVE_STATUSES}
           UNION ALL SELECT 1 FROM ${q(localTable(table))} LIMIT 1`,
        )
        .get(table);
    const hasOverlay = mutable
      ? this.r.stmt(
          `SELECT 1 FROM outbox WHERE table_name = ? AND row_id = ? AND status IN ${LIVE_STATUSES}
           UNION ALL SELECT 1 FROM ${q(localTable(table))} WHERE id = ? LIMIT 1`,
        )
      : undefined;
    const overlaid: (readonly [MutableTableName, string])[] = [...confirmed];
    const rebased = new Set(confirmed.map(([, id]) => id));
    for (const id of ids) {
      if (rebased.has(id)) continue;
      if (anyOverlay && hasOverlay?.get(table, id, id)) overlaid.push([table as MutableTableName, id]);
      else plain.push(id);
    }
    rebaseRecords(this.r, overlaid, 'server');
    reindexRecords(this.r, table, plain);
  }
}
