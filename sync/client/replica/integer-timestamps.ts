/**
 * Local migration 10: the replicated tables' timestamptz columns become
 * INTEGER microseconds (sql-types.ts; issue 13, the replica file's size).
 *
 * SQLite keeps a value's storage class by its column's declared affinity (an
 * integer written to a TEXT column is turned back to text), so a file made with
 * TEXT timestamps cannot just start writing integers: each `<table>_synced` and
 * `<table>_local` whose timestamp columns are declared otherwise is made anew
 * with them INTEGER, its rows copied with the text converted (storedTimestamp,
 * the one conversion the sync uses too), and renamed into place. Pending local
 * changes live in `<table>_local` and the outbox: copied, never dropped.
 *
 * Only timestamp columns are touched, whatever else a table's columns are
 * declared as (the uuid columns may be blobs by then, migration 9): the
 * rebuilt table keeps every other column's declared type and its key. The
 * merged view names both tables, so it goes and comes back with the same SQL;
 * link_facts' triggers go with their tables (reconcile makes them again and
 * refills link_facts, which is derived and made anew with an INTEGER date);
 * the table's own indexes (its key, the secondary ones) are made again with the
 * same SQL.
 */
import type Database from 'better-sqlite3';
import { TABLE_NAMES, type TableName } from '../../schema/index.ts';
import { columnSpecs, isMutable, localTable, q, stagingTable, syncedTable } from './ddl.ts';
import { CREATE_LINK_FACTS_SQL, LINK_FACTS, LINK_FACT_COUNTS } from './link-facts.ts';
import { BULK_LOAD_ROWS } from './snapshot-staging.ts';
import { storedTimestamp } from './sql-types.ts';

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

function timestampColumns(t: TableName): string[] {
  return Object.entries(columnSpecs(t))
    .filter(([, spec]) => spec.type.kind === 'timestamptz')
    .map(([name]) => name);
}

function columnsOfStorage(db: Database.Database, storage: string): ColumnInfo[] {
  return db.prepare(`PRAGMA table_info(${q(storage)})`).all() as ColumnInfo[];
}

/** Makes `storage` again with `timestamps` INTEGER and its rows converted; false when there was nothing to do. */
function rebuildStorage(db: Database.Database, storage: string, timestamps: Set<string>): boolean {
  const cols = columnsOfStorage(db, storage);
  if (!cols.some((c) => timestamps.has(c.name) && c.type.toUpperCase() !== 'INTEGER')) return false;
  const next = `${storage}_rebuild`;
  const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const defs = cols.map((c) => `${q(c.name)} ${timestamps.has(c.name) ? 'INTEGER' : c.type}`);
  if (key.length) defs.push(`PRIMARY KEY (${key.map((c) => q(c.name)).join(', ')})`);
  const names = cols.map((c) => q(c.name)).join(', ');
  const values = cols
    .map((c) => (timestamps.has(c.name) ? `replica_stored_timestamp(${q(c.name)})` : q(c.name)))
    .join(', ');
  // Its indexes as they are (a swapped-in table is keyed by a unique index on id, not a PRIMARY
  // KEY: snapshot-staging.ts), made again over the new table; they go with the old one.
  const indexes = db
    .prepare(
      `SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
    )
    .all(storage) as { sql: string }[];
  db.exec(`DROP TABLE IF EXISTS ${q(next)}`);
  db.exec(`CREATE TABLE ${q(next)} (\n  ${defs.join(',\n  ')}\n)`);
  db.exec(`INSERT INTO ${q(next)} (${names}) SELECT ${values} FROM ${q(storage)}`);
  db.exec(`DROP TABLE ${q(storage)}`);
  db.exec(`ALTER TABLE ${q(next)} RENAME TO ${q(storage)}`);
  for (const { sql } of indexes) db.exec(sql);
  return true;
}

/** The planner's statistics went with the old table: made again as a snapshot swap does. */
function analyzeLarge(db: Database.Database, storage: string): void {
  const rows = (db.prepare(`SELECT count(*) AS n FROM ${q(storage)}`).get() as { n: number }).n;
  if (rows < BULK_LOAD_ROWS) return;
  db.pragma('analysis_limit = 1000');
  db.exec(`ANALYZE ${q(storage)}`);
}

/** The fingerprint reconcile stored for a table, with its timestamp columns INTEGER (ddl.ts tableFingerprint). */
function withIntegerTimestamps(fingerprint: string, timestamps: readonly string[]): string {
  let out = fingerprint;
  for (const c of timestamps)
    out = out
      .replace(`,${c}:TEXT:timestamptz`, `,${c}:INTEGER:timestamptz`)
      .replace(`|${c}:TEXT:timestamptz`, `|${c}:INTEGER:timestamptz`);
  return out;
}

export function migrateToIntegerTimestamps(db: Database.Database): void {
  // The conversion of the sync itself, so a migrated row equals a downloaded one.
  db.function('replica_stored_timestamp', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? storedTimestamp(v) : (v as number | bigint | null),
  );
  const triggers = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'link_fact%'`)
    .all() as { name: string }[];
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${q(name)}`);
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`);
  const fingerprint = db.prepare('SELECT fingerprint FROM replica_tables WHERE table_name = ?');
  const setFingerprint = db.prepare(
    'UPDATE replica_tables SET fingerprint = ? WHERE table_name = ?',
  );
  for (const t of TABLE_NAMES) {
    const timestamps = timestampColumns(t);
    // A snapshot staged by a run that did not finish: the next stream start stages it again.
    db.exec(`DROP TABLE IF EXISTS ${q(stagingTable(t))}`);
    if (timestamps.length === 0) continue;
    const view = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?`)
      .get(t) as { sql: string } | undefined;
    if (view) db.exec(`DROP VIEW ${q(t)}`);
    const storages = [syncedTable(t), ...(isMutable(t) ? [localTable(t)] : [])];
    const rebuilt = storages.filter(
      (storage) => exists.get(storage) && rebuildStorage(db, storage, new Set(timestamps)),
    );
    if (view) db.exec(view.sql);
    for (const storage of rebuilt) analyzeLarge(db, storage);
    const fp = fingerprint.get(t) as { fingerprint: string } | undefined;
    if (fp) setFingerprint.run(withIntegerTimestamps(fp.fingerprint, timestamps), t);
  }
  // Derived: made anew and empty with an INTEGER date; reconcile refills it in the same open.
  db.exec(`DROP TABLE IF EXISTS ${LINK_FACTS}; DROP TABLE IF EXISTS ${LINK_FACT_COUNTS};`);
  db.exec(CREATE_LINK_FACTS_SQL);
  db.exec(`DELETE FROM replica_meta WHERE key = 'link_facts_fingerprint'`);
}
