import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replica } from '../../sync/client/replica/index.ts';
import { openTestCore, type TestCore } from './testing/test-support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const writer = path.join(here, 'testing', 'crash-writer.ts');

let core: TestCore;
beforeAll(() => {
  core = openTestCore();
  core.t.replica.close(); // the child owns the file while it runs
});
afterAll(() => core.cleanup());

/** Runs the writer until it has made changes, then kills it with SIGKILL at a random moment. */
function runAndKill(): Promise<{ signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', writer, core.t.file, core.workspaceId, core.userId],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready'))
        setTimeout(() => child.kill('SIGKILL'), 150 + Math.random() * 400);
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve({ signal })
        : reject(new Error(`writer exited ${code}: ${err}`)),
    );
  });
}

function tags(r: Replica, sql: string): string[] {
  return (r.prepare(sql).all() as { tag: string }[]).map((x) => x.tag).sort();
}

describe('crash safety', () => {
  it('after kill -9 at any point, every outbox entry matches its overlay and no change is half written', async () => {
    for (let round = 0; round < 3; round++) {
      const { signal } = await runAndKill();
      expect(signal).toBe('SIGKILL');
      const r = Replica.open(core.t.file, { actorId: core.userId });
      try {
        expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(r.checkIntegrity()).toEqual([]);
        const orgs = tags(r, `SELECT name AS tag FROM organizations WHERE name LIKE 'batch-%'`);
        const contacts = tags(
          r,
          `SELECT last_name AS tag FROM contacts WHERE last_name LIKE 'batch-%'`,
        );
        const notes = tags(r, `SELECT notes AS tag FROM interactions WHERE notes LIKE 'batch-%'`);
        expect(orgs.length).toBeGreaterThan(3 * (round + 1));
        expect(contacts).toEqual(orgs);
        expect(notes).toEqual(orgs);
        // Each record is either confirmed (synced, no entry) or still backed by its insert in the outbox.
        const orphans = r
          .prepare(
            `SELECT count(*) AS n FROM organizations_local l
             WHERE NOT EXISTS (SELECT 1 FROM organizations_synced s WHERE s.id = l.id)
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.row_id = l.id AND o.op = 'insert' AND o.status <> 'rejected')`,
          )
          .get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        r.close();
      }
    }
  }, 120_000);
});
