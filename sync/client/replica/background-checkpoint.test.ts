/**
 * The end of a first download copies the WAL into the file on a worker thread
 * (real SQLite file, real worker): the sync thread returns at once with
 * automatic checkpoints still off, the worker copies every page the download
 * left in the WAL, and automatic checkpoints come back after it.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { streamOrganizationSnapshot } from '../testing/organization-snapshot.ts';
import { checkpointInBackground } from './background-checkpoint.ts';

const pragma = (db: Database.Database, name: string) => db.pragma(name, { simple: true }) as number;

let t: TempReplica;
afterEach(() => t?.cleanup());

describe('checkpoint after a first download', () => {
  it('is copied on a worker thread, with automatic checkpoints back only after it', async () => {
    t = openTempReplica();
    const db = t.replica.db;
    t.replica.firstDownload(true);
    streamOrganizationSnapshot(t.replica, 3000);
    t.replica.firstDownload(false);
    // Returned without copying: the WAL still holds the download, automatic checkpoints still off.
    expect(pragma(db, 'wal_autocheckpoint')).toBe(0);
    const result = await t.replica.checkpointing!;
    expect(result.ok).toBe(true);
    expect(result.walPages).toBeGreaterThan(100);
    expect(result.copiedPages).toBe(result.walPages);
    expect(pragma(db, 'wal_autocheckpoint')).toBe(1000);
    // Nothing left to copy, and a separate connection reads every row from the file.
    const [left] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(left!.checkpointed).toBe(left!.log);
    const other = new Database(t.file, { readonly: true });
    try {
      expect(other.prepare('SELECT count(*) AS n FROM organizations_synced').get()).toEqual({ n: 3000 });
    } finally {
      other.close();
    }
  });

  it('reports a file it cannot open instead of throwing', async () => {
    const result = await checkpointInBackground('/nonexistent-dir/replica.sqlite');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/unable to open|does not exist|directory/i);
  });
});
