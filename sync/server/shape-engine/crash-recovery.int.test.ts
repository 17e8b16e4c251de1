/**
 * Durability across a crash: an engine process is killed with SIGKILL right after it
 * stored a transaction (so its acknowledgement may or may not have reached PostgreSQL);
 * a new engine on the same data directory and slot must let the client continue from its
 * offset and deliver every later change exactly once, without a 409.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';
import { Follower, ITEMS_DDL, SECRET, startHarness, type Harness } from '../testing/shape-engine-harness.ts';

let db: TestDatabase;
let child: ChildProcess | undefined;
let h: Harness | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(ITEMS_DDL);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.destroy();
  await db?.drop();
});

async function startChild(dataDir: string): Promise<string> {
  const fixture = fileURLToPath(new URL('./engine-process.fixture.ts', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: {
      ...process.env,
      SHAPES_DATABASE_URL: db.url,
      SHAPES_DATA_DIR: dataDir,
      SHAPES_SLOT: `shapes_${db.name}`,
      SHAPES_PUBLICATION: 'pantry_shapes_test',
      SHAPES_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child!.stdout! }).once('line', resolve);
    child!.once('exit', (code) => reject(new Error(`engine process exited with ${code}`)));
  });
  return `${(JSON.parse(line) as { url: string }).url}/v1/shape`;
}

describe('crash recovery', () => {
  it('resumes after SIGKILL without losing or repeating a change', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pantry-shapes-crash-'));
    const shapeUrl = await startChild(dataDir);
    const ws = randomUUID();
    await db.pool.query(`INSERT INTO items (workspace_id, n) VALUES ($1, 0), ($1, 0)`, [ws]);
    const params = { table: 'items', where: `workspace_id = '${ws}'` };

    const before = new Follower(shapeUrl, params);
    await before.waitFor(() => before.upToDate && before.rows.size === 2, 15_000, 'initial sync');
    const handle = before.stream.shapeHandle!;
    const offset = before.stream.lastOffset;

    // Stored by the child (it serves it), then the process dies at once.
    await db.pool.query(`INSERT INTO items (workspace_id, n) VALUES ($1, 1)`, [ws]);
    await before.waitFor(() => before.rows.size === 3, 10_000, 'change before the crash');
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    before.close();

    await db.pool.query(`INSERT INTO items (workspace_id, n) VALUES ($1, 2)`, [ws]);
    await db.pool.query(`UPDATE items SET n = 3 WHERE workspace_id = $1 AND n = 0`, [ws]);

    h = await startHarness(db, {}, dataDir);
    const after = new Follower(h.shapeUrl, params, { handle, offset });
    try {
      await after.waitFor(() => after.changes().length >= 4, 15_000, 'changes after restart');
      await new Promise((r) => setTimeout(r, 300));
      expect(after.mustRefetches).toBe(0);
      const seen = after.changes().map((m) => [m.headers.operation, (m.value as { n?: number }).n]);
      expect(seen).toEqual([
        ['insert', 1],
        ['insert', 2],
        ['update', 3],
        ['update', 3],
      ]);
    } finally {
      after.close();
    }
  });
});
