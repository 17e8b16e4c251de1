/**
 * A desktop that was away catches up on disk, not in memory: the changes a
 * resumed stream receives over several answers before its up-to-date are
 * spilled to catch_up_changes answer by answer (sync/client/replica/
 * catch-up-spill.ts), and the up-to-date applies them all in one transaction.
 * A real server whose engine closes a log chunk every 4 KB (so the catch-up
 * spans dozens of answers), PostgreSQL, the real sync client and replica file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { EngineShapeBackend } from '../server/shape-route/engine-backend.ts';
import { ShapeEngine } from '../server/shape-engine/index.ts';
import {
  createLoginTenant,
  startTestServer,
  type LoginTenant,
  type TestServer,
} from '../server/testing/test-server.ts';
import { startClient, waitFor, type TestClient } from './harness.ts';

const AWAY_CHANGES = 400;
let t: TestServer;
let a: LoginTenant;
const clients: TestClient[] = [];
const engineDir = mkdtempSync(path.join(tmpdir(), 'pantry-spill-engine-'));

beforeAll(async () => {
  t = await startTestServer(
    { accessRecheckMs: '60s' },
    {
      shapeBackend: async (db) => {
        const database = decodeURIComponent(new URL(db.adminUrl).pathname.slice(1));
        const engine = await ShapeEngine.start({
          databaseUrl: db.adminUrl,
          dataDir: engineDir,
          slotName: `pantry_shapes_${createHash('sha256').update(database).digest('hex').slice(0, 12)}`,
          chunkBytes: 4096,
        });
        return new EngineShapeBackend(engine);
      },
    },
  );
  a = await createLoginTenant(t.db.pool, 'spill');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.cleanup();
  await t?.close();
  rmSync(engineDir, { recursive: true, force: true });
});

const count = (c: TestClient, sql: string) => (c.replica.prepare(sql).get() as { n: number }).n;

describe('catch-up after time away', () => {
  it('spills the answers before the up-to-date to disk and applies them all at once', async () => {
    const first = await startClient(t, a.emails.manager);
    await waitFor(() => first.sync.allUpToDate, 'the first download', 60_000);
    const before = count(first, 'SELECT count(*) AS n FROM organizations');
    first.stop();
    // What the desktop was away for: hundreds of organizations, far more than one 4 KB chunk.
    await t.db.pool.query(
      `INSERT INTO organizations (id, workspace_id, name, notes)
       SELECT gen_random_uuid(), $1, 'Away Deli ' || i, repeat('while you were away ', 5) FROM generate_series(1, $2::int) AS i`,
      [a.workspaceId, AWAY_CHANGES],
    );
    // Counts every change written to the spill (a real trigger on the real file).
    first.replica.db.exec(`CREATE TABLE spill_seen (n INTEGER);
      CREATE TRIGGER spill_counted AFTER INSERT ON catch_up_changes BEGIN INSERT INTO spill_seen VALUES (1); END;`);
    const again = await startClient(t, a.emails.manager, {
      file: first.file,
      token: first.token,
      userId: a.users.manager,
    });
    clients.push(first, again);
    await waitFor(
      () =>
        again.sync.allUpToDate &&
        count(again, 'SELECT count(*) AS n FROM organizations') === before + AWAY_CHANGES,
      'the catch-up',
      60_000,
    );
    // Most of the catch-up went through the spill (the last answer's changes apply straight from memory).
    expect(count(again, 'SELECT count(*) AS n FROM spill_seen')).toBeGreaterThan(AWAY_CHANGES / 2);
    expect(count(again, 'SELECT count(*) AS n FROM catch_up_changes')).toBe(0);
    // Applied like any change: visible in the merged view, findable, the stream position stored.
    expect(
      count(again, `SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH '"away deli"'`),
    ).toBe(AWAY_CHANGES);
    expect(again.replica.fromServer.shapeState('organizations')?.up_to_date_at).toBeTruthy();
    // And it keeps following the server live afterwards.
    const live = randomUUID();
    await t.db.pool.query(
      `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Live Grill')`,
      [live, a.workspaceId],
    );
    await waitFor(
      () => again.replica.getRow('organizations', live) !== undefined,
      'a live change after the catch-up',
    );
  });
});
