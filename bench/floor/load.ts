/**
 * Step one of the independent floor: every replicated row of one workspace
 * read from PostgreSQL with a cursor, in batches, and inserted into a bare
 * SQLite file (one transaction per table, one prepared INSERT). The next
 * batch is fetched while the current one is inserted, so PostgreSQL and
 * SQLite work at the same time, as a well-written loader would.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { FloorTable } from './replicated.ts';

const BATCH = 5000;

/** Loads one table; returns its row count. The caller holds a read-only transaction (one snapshot for all tables). */
export async function loadTable(client: pg.Client, db: Database.Database, t: FloorTable, workspaceId: string): Promise<number> {
  db.exec(t.create);
  const insert = db.prepare(t.insert);
  const cursor = `floor_${t.name}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${t.select}`, [workspaceId]);
  const fetch = () => client.query<unknown[]>({ text: `FETCH ${BATCH} FROM ${cursor}`, rowMode: 'array' });
  let rows = 0;
  db.exec('BEGIN');
  try {
    let next = fetch();
    for (;;) {
      const batch = await next;
      if (batch.rows.length === 0) break;
      next = fetch();
      for (const row of batch.rows) insert.run(row);
      rows += batch.rows.length;
      if (batch.rows.length < BATCH) {
        await next; // the fetch already in flight: empty, the cursor is done
        break;
      }
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  await client.query(`CLOSE ${cursor}`);
  return rows;
}
