/**
 * The independent floor of an initial sync, served in a child process of its
 * own (bench/floor-process.ts): the replicated rows straight from PostgreSQL
 * into a bare SQLite file, then indexes and FTS. It imports nothing from
 * sync/client, sync/server or main/ (only the table list of sync/schema), so
 * its figure does not move when the code it is compared with changes.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { z } from 'zod';
import { wallNow } from '../clock.ts';
import type { Handlers } from '../client/handler.ts';
import { buildIndexes } from './indexes.ts';
import { loadTable } from './load.ts';
import { floorTables } from './replicated.ts';

export const independentFloorArgs = z.strictObject({ admin_url: z.string().regex(/^postgres:\/\//), workspace_id: z.uuid(), dir: z.string() });
export const independentFloorResult = z.object({
  seconds: z.number(),
  load_s: z.number(),
  index_s: z.number(),
  rows: z.number(),
  rows_by_table: z.record(z.string(), z.number()),
  indexes: z.number(),
  file_bytes: z.number(),
});

export const independentFloorHandlers: Handlers = {
  async independent_floor(raw) {
    const a = independentFloorArgs.parse(raw);
    const tables = floorTables();
    const client = new pg.Client({ connectionString: a.admin_url });
    await client.connect();
    const file = path.join(a.dir, 'independent-floor.sqlite');
    const db = new Database(file);
    try {
      // As the replica runs: WAL, synced at checkpoints (a crash loses at most the last commits, never the file).
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const t0 = wallNow();
      // One snapshot for every table, as a consistent initial sync would see.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rowsByTable: Record<string, number> = {};
      for (const t of tables) rowsByTable[t.name] = await loadTable(client, db, t, a.workspace_id);
      await client.query('COMMIT');
      const t1 = wallNow();
      const indexes = buildIndexes(db, tables);
      const t2 = wallNow();
      db.pragma('wal_checkpoint(TRUNCATE)');
      const fileBytes = (db.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').get() as { n: number }).n;
      return {
        seconds: (t2 - t0) / 1000,
        load_s: (t1 - t0) / 1000,
        index_s: (t2 - t1) / 1000,
        rows: Object.values(rowsByTable).reduce((s, n) => s + n, 0),
        rows_by_table: rowsByTable,
        indexes,
        file_bytes: fileBytes,
      };
    } finally {
      db.close();
      await client.end();
    }
  },
};
