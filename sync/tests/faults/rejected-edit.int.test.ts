/**
 * A rejected edit round-trips through the real server: the row goes back to
 * the server's state, the mutation stays listed with the server's code and
 * message, a retry after fixing it is applied, a discard removes it, and
 * nothing disappears without a trace (invariants.ts, with the ledger knowing
 * what was retried and discarded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { expectConvergence, until } from './convergence.ts';
import { startFaultClient, type FaultClient } from './fault-client.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
const clients: FaultClient[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'rejects');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
});
afterAll(async () => {
  for (const c of clients) await c.cleanup();
  await t.close();
});

async function client(email: string, label: string): Promise<FaultClient> {
  const c = await startFaultClient(t.url, email, label);
  clients.push(c);
  await until(() => c.settled(), () => `${label} to sync`, 20_000);
  return c;
}

describe('a rejected edit through the real server', () => {
  it('puts the row back, keeps the reason, and is applied when retried after fixing', async () => {
    const rep = await client(a.emails.rep, 'rep');
    // Both names empty breaks a rule only the server checks (the row as it will be).
    const [bad] = rep.ledger.write(rep.replica, [{ table: 'contacts', op: 'update', row_id: g.contactId, changes: { first_name: null, last_name: null } }]);
    expect(rep.replica.getRow('contacts', g.contactId)?.last_name).toBeNull();
    await until(() => rep.replica.outbox.rejected().length === 1, () => 'the rejection', 20_000);
    const [kept] = rep.replica.outbox.rejected();
    expect(kept).toMatchObject({ mutation_id: bad!.mutation_id, rejection: { code: 'invalid', field: 'last_name', message: 'a contact needs a first or last name' } });
    expect(rep.replica.getRow('contacts', g.contactId)).toMatchObject({ first_name: 'Dana', last_name: 'Chef', _pending: 0 });
    await expectConvergence(t.db.pool, [rep], { context: 'after the rejection' });

    rep.ledger.retry(rep.replica, bad!.mutation_id, { first_name: null, last_name: 'Chef-Fixed' });
    await expectConvergence(t.db.pool, [rep], { context: 'after the retry' });
    expect(rep.replica.outbox.rejected()).toEqual([]);
    expect(rep.replica.getRow('contacts', g.contactId)).toMatchObject({ first_name: null, last_name: 'Chef-Fixed' });
  });

  it('a viewer may not edit: the edit is rejected as forbidden, listed, and discarding it loses nothing silently', async () => {
    const viewer = await client(a.emails.viewer, 'viewer');
    const [edit] = viewer.ledger.write(viewer.replica, [{ table: 'organizations', op: 'update', row_id: g.customerId, changes: { city: 'Nowhere' } }]);
    await until(() => viewer.replica.outbox.rejected().length === 1, () => 'the rejection', 20_000);
    expect(viewer.replica.outbox.rejected()[0]).toMatchObject({ mutation_id: edit!.mutation_id, rejection: { code: 'forbidden' } });
    expect(viewer.replica.getRow('organizations', g.customerId)?.city).toBeNull();
    const { rows } = await t.db.pool.query(`SELECT code, message FROM crm_private.mutation_log WHERE mutation_id = $1`, [edit!.mutation_id]);
    expect(rows).toEqual([{ code: 'forbidden', message: viewer.replica.outbox.rejected()[0]!.rejection!.message }]);
    await expectConvergence(t.db.pool, [viewer], { context: 'viewer, rejected' });

    viewer.ledger.discard(viewer.replica, edit!.mutation_id);
    expect(viewer.replica.outbox.rejected()).toEqual([]);
    // The server keeps the rejected write on record for the admin view.
    await expectConvergence(t.db.pool, [viewer], { context: 'viewer, discarded' });
  });
});
