/**
 * A new replica file is made with auto_vacuum = INCREMENTAL, and the end of a
 * first download gives its free pages back (real SQLite file): a snapshot
 * replaced by a much smaller one leaves most of the file free, and the file
 * shrinks to what the rows need. A file made without it is left as it is.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { streamOrganizationSnapshot } from '../testing/organization-snapshot.ts';

/** Streams `n` organizations in as a snapshot, as a first download or a refetch does. */
const snapshot = (t: TempReplica, n: number) => streamOrganizationSnapshot(t.replica, n);

const pragma = (db: Database.Database, name: string) => db.pragma(name, { simple: true }) as number;

let t: TempReplica;
afterEach(() => t?.cleanup());

describe('free pages of a replica', () => {
  it('gives back what a replaced snapshot left free when a download ends', async () => {
    t = openTempReplica();
    const db = t.replica.db;
    expect(pragma(db, 'auto_vacuum')).toBe(2); // INCREMENTAL
    snapshot(t, 5000);
    snapshot(t, 50);
    const free = pragma(db, 'freelist_count');
    const pages = pragma(db, 'page_count');
    expect(free).toBeGreaterThan(pages / 2);

    t.replica.firstDownload(true);
    t.replica.firstDownload(false);
    expect(pragma(db, 'freelist_count')).toBe(0);
    expect(pragma(db, 'page_count')).toBeLessThanOrEqual(pages - free);
    // The download's end checkpoints on a worker thread; a second checkpoint meanwhile finds it busy.
    await t.replica.checkpointing;
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(t.file).size).toBe(pragma(db, 'page_count') * pragma(db, 'page_size'));
    // The rows are all there, and searchable.
    expect(db.prepare('SELECT count(*) AS n FROM organizations').get()).toEqual({ n: 50 });
    expect(t.replica.checkIntegrity()).toEqual([]);
    const reopened = t.reopen();
    expect(pragma(reopened.db, 'auto_vacuum')).toBe(2);
  });

  it('gives back on opening what an app update freed (an index no longer listed)', () => {
    t = openTempReplica();
    snapshot(t, 3000);
    // An index an older release made and this one no longer lists: reconcile drops it on open.
    t.replica.db.exec(`CREATE INDEX ix_organizations_retired_00000000 ON organizations_synced (notes, notes || name, notes || id)`);
    t.replica.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = pragma(t.replica.db, 'page_count');
    const r = t.reopen();
    expect(r.db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE '%retired%'`).get()).toEqual({ n: 0 });
    expect(pragma(r.db, 'freelist_count')).toBe(0);
    expect(pragma(r.db, 'page_count')).toBeLessThan(before * 0.7);
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('leaves a file made without auto_vacuum as it is', () => {
    t = openTempReplica();
    t.replica.close();
    // An older file: no auto_vacuum (VACUUM is the one way to change it, done here to make one).
    const raw = new Database(t.file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('auto_vacuum = NONE');
    raw.exec('VACUUM');
    raw.close();
    const r = t.reopen();
    expect(pragma(r.db, 'auto_vacuum')).toBe(0);
    snapshot(t, 2000);
    snapshot(t, 10);
    const pages = pragma(r.db, 'page_count');
    expect(r.reclaimFreePages()).toBe(0);
    expect(pragma(r.db, 'page_count')).toBe(pages);
  });
});
