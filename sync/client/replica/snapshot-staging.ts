/**
 * Where a streamed snapshot lands: `<table>_staging`, created like
 * `<table>_synced`. The shape consumer writes each batch of an initial
 * snapshot or a refetch here as it arrives, one short transaction per batch,
 * so the process holds one batch in memory, never the whole shape, and the
 * next batch downloads while this one is written. At the shape's up-to-date,
 * one transaction renames the staging table into `<table>_synced`
 * (ServerApply.replaceFromStaging): the replica never shows half a shape.
 *
 *   beginStaging ─► stageChanges (batch, batch, ...) ─► swapStagingIn (inside the replace transaction)
 *        ▲                                                 │
 *        └──── must-refetch, restart, kill -9 ─────────────┘ (drops what was staged, starts again)
 *
 * A kill -9 mid-stream leaves `<table>_synced` and the stream position as they
 * were, plus committed staging rows that nothing reads; the next start streams
 * the shape from its beginning and `beginStaging` drops those leftovers first.
 * (Not resumed from a saved mid-snapshot offset: that would mean trusting staged
 * rows of another run against a handle the server may have rotated meanwhile,
 * for a saving the server's cached snapshot chunks make small.)
 *
 * The staging table has no key while a snapshot streams in: each row is
 * appended to the table's one b-tree, and the unique index on id is built
 * once at the swap over the sorted ids (ddl.ts keyIndexSql). Keeping a
 * primary key up to date row by row cost about as much again as the rows
 * themselves (full size: interactions ~0.8 -> ~0.45 s, interaction links with
 * random v4 ids ~0.8 -> ~0.45 s, bench/README.md). A swapped-in table is
 * therefore keyed by that unique index, a table created empty by its PRIMARY
 * KEY: the same for every statement the replica runs on it. A snapshot carries
 * each row once; should an id come twice anyway, the last one staged wins (as
 * INSERT OR REPLACE on a keyed table would): `keyStaged` keeps it. The
 * snapshot's log part (updates and deletes of rows already staged) needs its
 * rows found by id, so its first such message builds the key early.
 */
import type Database from 'better-sqlite3';
import { columnsOf, primaryKey, type TableName } from '../../schema/index.ts';
import {
  columnSpecs,
  createStagingTableSql,
  createViewSql,
  keyIndexName,
  keyIndexSql,
  keyMatchSql,
  q,
  rowValuesSql,
  stagingTable,
  syncedTable,
} from './ddl.ts';
import { syncIndexes } from './reconcile.ts';
import { dropLinkFactTriggers, refreshLinkFacts } from './link-facts.ts';
import { converterFor, toSqlValue, type SqlValue } from './sql-types.ts';
import type { ReplicaConnection } from './connection.ts';
import type { ServerChange } from './server-change.ts';

/** From this many rows a swapped-in table gets fresh planner statistics. */
export const BULK_LOAD_ROWS = 5_000;

/** Drops whatever an earlier run staged for `table` and creates an empty staging table. */
export function beginStaging(r: ReplicaConnection, table: TableName): void {
  r.transaction(() => {
    dropStaging(r.db, table);
    r.db.exec(createStagingTableSql(table));
  });
}

export function dropStaging(db: Database.Database, table: string): void {
  db.exec(`DROP TABLE IF EXISTS ${q(`${table}_staging`)}`);
}

/**
 * Writes one batch of snapshot (or refetch log) messages into the staging
 * table, in one transaction. Inserts carry the whole row; updates the key and
 * the changed columns (merged into the staged row); deletes the key.
 */
export function stageChanges(
  r: ReplicaConnection,
  table: TableName,
  changes: readonly ServerChange[],
): void {
  if (changes.length === 0) return;
  const target = q(stagingTable(table));
  const cols = columnsOf(table);
  const pk = primaryKey(table);
  const specs = columnSpecs(table);
  const converters = cols.map((c) => converterFor(specs[c]!));
  // Uuid columns are bound as text and stored as blobs by the statement (uuid-blob.ts).
  const insert = r.rawStmt(`INSERT OR REPLACE INTO ${target} ${rowValuesSql(table, cols)}`);
  const remove = r.rawStmt(`DELETE FROM ${target} WHERE ${keyMatchSql(table, pk)}`);
  const args: SqlValue[] = new Array(cols.length);
  let keyed = false;
  r.transaction(() => {
    for (const c of changes) {
      if (c.op === 'insert') {
        for (let i = 0; i < cols.length; i++) args[i] = converters[i]!(c.row[cols[i]!]);
        insert.run(args);
        continue;
      }
      if (!keyed) keyed = keyStaged(r.db, table, stagingTable(table));
      const row: Record<string, SqlValue> = {};
      for (const [k, v] of Object.entries(c.row)) {
        const spec = specs[k];
        if (spec && v !== undefined) row[k] = toSqlValue(spec, v);
      }
      for (const k of pk)
        if (row[k] === undefined || row[k] === null) throw new Error(`${table} change without ${k}`);
      if (c.op === 'delete') remove.run(...pk.map((k) => row[k]!));
      else mergeColumns(r, table, pk, row);
    }
  });
}

/**
 * Builds the unique index on id over a loaded table (named after `storage`), if
 * it has none yet. Rows staged twice under one id keep the last one staged
 * (the highest rowid: rows are appended), which is what INSERT OR REPLACE on a
 * keyed table would have kept. Returns true (the table is keyed).
 */
export function keyStaged(db: Database.Database, table: TableName, storage: string): true {
  const name = keyIndexName(storage);
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name)) return true;
  try {
    db.exec(keyIndexSql(table, storage));
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    const key = primaryKey(table).map(q).join(', ');
    db.exec(`DELETE FROM ${q(storage)} WHERE rowid NOT IN (SELECT max(rowid) FROM ${q(storage)} GROUP BY ${key})`);
    db.exec(keyIndexSql(table, storage));
  }
  return true;
}

/** Electric's default replica mode sends an update as the key plus the changed columns. */
function mergeColumns(
  r: ReplicaConnection,
  table: TableName,
  pk: readonly string[],
  row: Record<string, SqlValue>,
): void {
  const target = q(stagingTable(table));
  const cols = Object.keys(row);
  const rest = cols.filter((c) => !pk.includes(c));
  const conflict =
    rest.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
  r.rawStmt(
    `INSERT INTO ${target} ${rowValuesSql(table, cols)}
     ON CONFLICT (${pk.map(q).join(', ')}) ${conflict}`,
  ).run(...cols.map((c) => row[c] ?? null));
}

/**
 * Puts the staged rows in place of `<table>_synced`; call inside the replace
 * transaction. A rename, not a copy: the rows are written once. The merged
 * view names the old table, so it is dropped and made again around the
 * rename, then the secondary indexes are built over the loaded rows (3-5x
 * faster than keeping them up to date row by row). Returns the row count.
 */
export function swapStagingIn(db: Database.Database, table: TableName): number {
  const staging = q(stagingTable(table));
  const rows = (db.prepare(`SELECT count(*) AS n FROM ${staging}`).get() as { n: number }).n;
  const feedsFacts = table === 'interactions' || table === 'interaction_principals';
  // The link_facts triggers name both tables: SQLite's rename checks them, and they would
  // otherwise fire for nothing; the facts are rebuilt in one pass below instead.
  if (feedsFacts) dropLinkFactTriggers(db);
  // A key built early for the snapshot's log part carries the staging name: the synced one replaces it.
  db.exec(`DROP INDEX IF EXISTS ${q(keyIndexName(stagingTable(table)))}`);
  db.exec(`DROP VIEW IF EXISTS ${q(table)}`);
  db.exec(`DROP TABLE IF EXISTS ${q(syncedTable(table))}`);
  db.exec(`ALTER TABLE ${staging} RENAME TO ${q(syncedTable(table))}`);
  keyStaged(db, table, syncedTable(table));
  db.exec(createViewSql(table));
  syncIndexes(db, table);
  if (feedsFacts) refreshLinkFacts(db);
  if (rows >= BULK_LOAD_ROWS) {
    // Bounded: enough statistics for the planner in milliseconds, not a full pass.
    db.pragma('analysis_limit = 1000');
    db.exec(`ANALYZE ${q(syncedTable(table))}`);
  }
  return rows;
}
