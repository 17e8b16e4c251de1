/**
 * The sync server restarts under its clients (a deploy, a crash): while they
 * hold live shape requests, and in the middle of a mutation batch, some of
 * whose mutations are committed and some not. After it is back, every client
 * equals the server and every write is in PostgreSQL exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { expectConvergence, until } from './convergence.ts';
import { newOrganization, startFaultClient, type FaultClient } from './fault-client.ts';

let t: TestServer;
let a: LoginTenant;
const clients: FaultClient[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'restarted');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
});
afterAll(async () => {
  for (const c of clients) await c.cleanup();
  await t.close();
});

async function client(role: 'rep' | 'manager' | 'owner'): Promise<FaultClient> {
  const c = await startFaultClient(t.url, a.emails[role], role);
  clients.push(c);
  return c;
}

const logged = async (deviceId: string) =>
  Number((await t.db.pool.query('SELECT count(*) FROM crm_private.mutation_log WHERE device_id = $1', [deviceId])).rows[0].count);

describe('sync server restart', () => {
  it('during live streams: clients reconnect, resume where they were, and writes made meanwhile arrive once', async () => {
    const rep = await client('rep');
    const manager = await client('manager');
    await expectConvergence(t.db.pool, [rep, manager], { context: 'before the restart' });
    const [first] = rep.ledger.write(rep.replica, [newOrganization(rep, 'Before Restart Deli')]);
    await until(() => manager.replica.getRow('organizations', first!.row_id) !== undefined, () => 'the first write at the manager', 15_000);
    // Both clients are now parked in live long-polls; the server goes away under them.
    const received = manager.sync.rowsSeen;
    await t.stop();
    rep.ledger.write(rep.replica, [newOrganization(rep, 'During Restart Diner')]);
    manager.ledger.write(manager.replica, [newOrganization(manager, 'Offline Manager Market')]);
    await t.restart();
    await expectConvergence(t.db.pool, [rep, manager], { context: 'after the restart' });
    // Resumed from their offsets: only the few new rows came down, not the workspace again.
    expect(manager.sync.rowsSeen - received).toBeLessThan(20);
  });

  it('during a mutation batch: the committed part is answered from the log, the rest applied, nothing twice', async () => {
    const owner = await client('owner');
    await expectConvergence(t.db.pool, [owner], { context: 'before the batch' });
    // Two shapes of create in turn: none joins a set statement, so each mutation takes its own
    // savepoint and a batch commits in groups of 64 (a batch of same-shaped creates is one
    // statement and one commit, with nothing to stop in between).
    const batch = Array.from({ length: 300 }, (_, i) => {
      const m = newOrganization(owner, `Batch Account ${i}`);
      return i % 2 ? { ...m, changes: { ...m.changes, city: 'Fresno' } } : m;
    });
    const before = await logged(owner.deviceId);
    owner.ledger.write(owner.replica, batch);
    // Stop the server once part of the batch is committed (a group of 64 per transaction).
    await until(async () => (await logged(owner.deviceId)) > before, () => 'the batch to start committing', 15_000, 10);
    await t.stop();
    const committed = (await logged(owner.deviceId)) - before;
    expect(committed).toBeGreaterThan(0);
    // A stop must not wait for the rest of the batch in flight (several transactions):
    // on a loaded machine that took longer than the whole test, and a deploy would wait
    // just as long.
    expect(committed, 'the stop waited for the whole in-flight batch').toBeLessThan(200);
    await t.restart();
    // Applying the rest is ~300 transactions of ~10 round trips each: on a CPU-starved machine that alone takes a minute.
    await expectConvergence(t.db.pool, [owner], { context: `after a restart with ${committed} of 300 committed`, timeoutMs: 90_000 });
    expect(await logged(owner.deviceId)).toBe(before + 300);
    // Room for every bounded wait above to run out and say what was wrong, on a loaded machine.
  }, 150_000);
});
