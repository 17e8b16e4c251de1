/**
 * Issue 12 with the real desktop replica and push loop: a stage moved on a
 * computer is dated by that computer's clock when the server can believe it,
 * and refused, with its reason, kept in the desktop's refused list, when the
 * clock is well ahead; the other changes of the same push apply, and a retry
 * once the clock is right goes through. Nothing is lost (expectConvergence).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { expectConvergence, until } from './convergence.ts';
import { startFaultClient, type FaultClient } from './fault-client.ts';
import { timestampText } from '../../client/replica/index.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
const clients: FaultClient[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'clocks');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
});
afterAll(async () => {
  for (const c of clients) await c.cleanup();
  await t.close();
});

/** A client whose clock runs `offset()` ms off the real one. */
async function clientWithClock(email: string, label: string, offset: () => number): Promise<FaultClient> {
  const c = await startFaultClient(t.url, email, label, { clock: () => new Date(Date.now() + offset()) });
  clients.push(c);
  await until(() => c.settled(), () => `${label} to sync`, 20_000);
  return c;
}

const serverTimes = async (id: string) =>
  (
    await t.db.pool.query<{ stage: string; changed: Date; received: Date }>(
      'SELECT stage, stage_changed_at AS changed, stage_change_received_at AS received FROM opportunities WHERE id = $1',
      [id],
    )
  ).rows[0]!;

describe('the device clock dates a stage move', () => {
  it('a clock 30 minutes behind (within reason): the move keeps that time, on the server and back in the replica', async () => {
    const rep = await clientWithClock(a.emails.rep, 'slow clock', () => -30 * 60_000);
    const [move] = rep.ledger.write(rep.replica, [{ table: 'opportunities', op: 'update', row_id: g.opportunityId, changes: { stage: 'Sample/Visit Offered' } }]);
    await expectConvergence(t.db.pool, [rep], { context: 'after the move' });
    const row = await serverTimes(g.opportunityId);
    expect(row.stage).toBe('Sample/Visit Offered');
    expect(row.changed.getTime()).toBe(Date.parse(move!.created_at));
    expect(row.received.getTime() - row.changed.getTime()).toBeGreaterThanOrEqual(29 * 60_000);
    // The replica holds the server's values now, the same time.
    expect(Date.parse(timestampText(rep.replica.getRow('opportunities', g.opportunityId)!.stage_changed_at!))).toBe(Date.parse(move!.created_at));
  });

  it('a clock two hours ahead: the move is refused with its reason and listed, the rest applies, a retry on a right clock goes through', async () => {
    let offset = 2 * HOUR;
    const rep = await clientWithClock(a.emails.rep, 'fast clock', () => offset);
    const before = await serverTimes(g.opportunityId);
    const [move, note] = rep.ledger.write(rep.replica, [
      { table: 'opportunities', op: 'update', row_id: g.opportunityId, changes: { stage: 'Demo Scheduled' } },
      { table: 'organizations', op: 'update', row_id: g.customerId, changes: { city: 'Duluth' } },
    ]);
    await until(() => rep.replica.outbox.rejected().length === 1, () => 'the refusal', 20_000);
    expect(rep.replica.outbox.rejected()[0]).toMatchObject({
      mutation_id: move!.mutation_id,
      rejection: { code: 'invalid', field: 'created_at', message: expect.stringContaining('minutes ahead of the server') },
    });
    await until(() => rep.settled(), () => 'the rest of the push', 20_000);
    expect(rep.replica.getRow('organizations', g.customerId)!.city).toBe('Duluth');
    expect(note!.mutation_id).not.toBe(move!.mutation_id);
    // Put back to the server's state, which did not move.
    expect(rep.replica.getRow('opportunities', g.opportunityId)!.stage).toBe(before.stage);
    expect(await serverTimes(g.opportunityId)).toEqual(before);

    offset = 0; // the user fixes the clock and tries again
    rep.ledger.retry(rep.replica, move!.mutation_id);
    await expectConvergence(t.db.pool, [rep], { context: 'after the retry' });
    const after = await serverTimes(g.opportunityId);
    expect(after.stage).toBe('Demo Scheduled');
    expect(Math.abs(after.received.getTime() - after.changed.getTime())).toBeLessThan(5_000);
  });
});
