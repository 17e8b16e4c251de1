/**
 * Keeps the replicated tables in step with sync/schema each time a replica is
 * opened, in one transaction:
 * - a table new to this file is created (synced storage, overlay, view);
 * - a table whose columns changed gets the new columns, a rebuilt view, and its
 *   shape state cleared, so the shape consumer fetches it again and fills them
 *   (pending local edits survive: they live in the outbox and overlay);
 * - a table no longer replicated is dropped;
 * - secondary indexes are created or dropped to match indexes.ts;
 * - the search index is rebuilt when what it indexes changed.
 * Columns removed from the schema stay in storage (SQLite's DROP COLUMN rewrites
 * the table) but leave the view, so nothing reads them.
 */
import type Database from 'better-sqlite3';
import { TABLE_NAMES, type TableName } from '../../schema/index.ts';
import {
  addColumnSql,
  columnSpecs,
  createLocalTableSql,
  createSyncedTableSql,
  createViewSql,
  isMutable,
  localTable,
  q,
  syncedTable,
  tableFingerprint,
} from './ddl.ts';
import { createIndexSql, indexName, indexesOf, type IndexedStorage } from './indexes.ts';
import { ensureLinkFacts } from './link-facts.ts';
import { SEARCH_FINGERPRINT, SEARCH_TABLES, rebuildSearchFor } from './search-index.ts';

function existingColumns(db: Database.Database, table: string): Set<string> {
  return new Set(
    (db.prepare(`PRAGMA table_info(${q(table)})`).all() as { name: string }[]).map((c) => c.name),
  );
}

function ensureColumns(db: Database.Database, t: TableName, storage: string): void {
  const have = existingColumns(db, storage);
  for (const [name, spec] of Object.entries(columnSpecs(t))) {
    if (!have.has(name)) db.exec(addColumnSql(storage, name, spec));
  }
}

/** Creates missing `ix_` indexes of a table (synced rows and overlay) and drops the ones no longer listed. */
export function syncIndexes(db: Database.Database, t: TableName): void {
  const storages: [IndexedStorage, string][] = [['synced', syncedTable(t)]];
  if (isMutable(t)) storages.push(['local', localTable(t)]);
  for (const [storage, table] of storages) {
    const wanted = new Set(indexesOf(t, storage).map((d) => indexName(t, d, storage)));
    const present = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE 'ix\\_%' ESCAPE '\\'`,
      )
      .all(table) as { name: string }[];
    for (const { name } of present) if (!wanted.has(name)) db.exec(`DROP INDEX ${q(name)}`);
    for (const def of indexesOf(t, storage)) db.exec(createIndexSql(t, def, storage));
  }
}

/** Returns the tables whose shapes must be fetched again because their columns changed. */
export function reconcileReplicatedTables(db: Database.Database, now: () => string): TableName[] {
  const refetch: TableName[] = [];
  db.transaction(() => {
    const known = new Map(
      (
        db.prepare('SELECT table_name, fingerprint FROM replica_tables').all() as {
          table_name: string;
          fingerprint: string;
        }[]
      ).map((r) => [r.table_name, r.fingerprint]),
    );
    let searchDirty = false;
    for (const t of TABLE_NAMES) {
      const fp = tableFingerprint(t);
      const before = known.get(t);
      known.delete(t);
      if (before !== fp) {
        db.exec(createSyncedTableSql(t));
        ensureColumns(db, t, syncedTable(t));
        if (isMutable(t)) {
          db.exec(createLocalTableSql(t));
          ensureColumns(db, t, localTable(t));
        }
        db.exec(`DROP VIEW IF EXISTS ${q(t)}`);
        db.exec(createViewSql(t));
        if (before !== undefined) {
          db.prepare('DELETE FROM shape_state WHERE table_name = ?').run(t);
          refetch.push(t);
        }
        db.prepare(
          'INSERT OR REPLACE INTO replica_tables (table_name, fingerprint) VALUES (?, ?)',
        ).run(t, fp);
        if ((SEARCH_TABLES as readonly string[]).includes(t)) searchDirty = true;
      }
      syncIndexes(db, t);
    }
    // Tables that left sync/schema: drop their storage, state and search documents.
    for (const gone of known.keys()) {
      db.exec(`DROP VIEW IF EXISTS ${q(gone)}`);
      db.exec(`DROP TABLE IF EXISTS ${q(`${gone}_synced`)}`);
      db.exec(`DROP TABLE IF EXISTS ${q(`${gone}_local`)}`);
      db.exec(`DROP TABLE IF EXISTS ${q(`${gone}_staging`)}`);
      db.prepare('DELETE FROM shape_state WHERE table_name = ?').run(gone);
      db.prepare('DELETE FROM replica_tables WHERE table_name = ?').run(gone);
      db.prepare('DELETE FROM outbox WHERE table_name = ?').run(gone);
    }
    const meta = db
      .prepare(`SELECT value FROM replica_meta WHERE key = 'search_fingerprint'`)
      .get() as { value: string } | undefined;
    if (searchDirty || meta?.value !== SEARCH_FINGERPRINT) {
      for (const t of SEARCH_TABLES) rebuildSearchFor(db, t);
      db.prepare(
        `INSERT OR REPLACE INTO replica_meta (key, value) VALUES ('search_fingerprint', ?)`,
      ).run(SEARCH_FINGERPRINT);
    }
    ensureLinkFacts(db);
    db.prepare(`INSERT OR REPLACE INTO replica_meta (key, value) VALUES ('reconciled_at', ?)`).run(
      now(),
    );
  }).immediate();
  return refetch;
}
