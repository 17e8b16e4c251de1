/** Helpers for tests of the replica and of its callers: real SQLite files in temp directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Replica, type ReplicaOptions } from '../replica/replica.ts';

export interface TempReplica {
  replica: Replica;
  dir: string;
  file: string;
  /** Closes and reopens the same file (what a restart does). */
  reopen(options?: ReplicaOptions): Replica;
  cleanup(): void;
}

export function openTempReplica(options: ReplicaOptions = {}): TempReplica {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantry-replica-'));
  const file = path.join(dir, 'account.sqlite');
  const t: TempReplica = {
    replica: Replica.open(file, options),
    dir,
    file,
    reopen(o = options) {
      t.replica.close();
      t.replica = Replica.open(file, o);
      return t.replica;
    },
    cleanup() {
      t.replica.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** A settable clock for tests. */
export function testClock(start = '2026-03-02T10:00:00.000Z') {
  let now = new Date(start);
  return {
    clock: () => now,
    set(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}
