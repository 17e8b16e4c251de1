/**
 * A replica that cannot take what the server sent (a SQLite error while an
 * answer is applied: disk full, a locked or damaged file) loses nothing: the
 * stream stops before anything past the failed answer is applied or its
 * position saved, the status says why, and once SQLite takes writes again the
 * restarted stream brings every row. The failure is a real SQLite error from
 * the real replica file (a trigger that aborts the insert), on the real server.
 * Before, the error escaped the shape stream's callback as an uncaught
 * exception and the stream went on past the rows it had lost.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { startClient, waitFor, type TestClient } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let client: TestClient | undefined;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'replica-failure');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
}, 60_000);
afterAll(async () => {
  client?.cleanup();
  await t?.close();
});

const names = (c: TestClient) =>
  (c.replica.prepare(`SELECT name FROM organizations_synced WHERE name LIKE '% Deli' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('a SQLite error while applying an answer', () => {
  it('stops the stream, says why, and brings every row once the replica takes writes again', async () => {
    client = await startClient(t, a.emails.manager);
    const c = client;
    await waitFor(() => c.sync.allUpToDate, 'the first download', 60_000);

    c.replica.db.exec(`CREATE TRIGGER disk_trouble BEFORE INSERT ON organizations_synced
      WHEN NEW.name = 'Poison Deli' BEGIN SELECT RAISE(ABORT, 'simulated disk trouble'); END;`);
    const insert = (name: string) =>
      t.db.pool.query('INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, $3)', [randomUUID(), a.workspaceId, name]);
    await insert('Poison Deli');
    await waitFor(() => (c.sync.status().reason ?? '').includes('simulated disk trouble'), 'the failure in the status', 30_000);
    expect(c.sync.status().reason).toMatch(/^organizations: could not save what the server sent/);
    await insert('After Deli');
    // The restarted stream meets the same failure again: nothing after it is applied meanwhile.
    await new Promise((r) => setTimeout(r, 1500));
    expect(names(c)).toEqual([]);

    c.replica.db.exec('DROP TRIGGER disk_trouble');
    await waitFor(() => names(c).length === 2, 'both rows after the replica recovered', 30_000);
    expect(names(c)).toEqual(['After Deli', 'Poison Deli']);
    await waitFor(() => c.sync.allUpToDate, 'up to date again', 30_000);
  }, 120_000);
});
