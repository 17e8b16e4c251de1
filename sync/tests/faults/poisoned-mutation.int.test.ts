/**
 * Writes must never stall a device (layer 3): the real server fails with a
 * 500 on two specific mutations, every time (a PostgreSQL trigger raising an
 * internal error, SQLSTATE XX000, for their row ids: not a data error the
 * server could turn into a rejection). The push loop splits its batch until
 * it finds them, sets them aside as rejected `server_error` with the server's
 * message, and pushes everything else, before and after them in the outbox,
 * exactly once. Then discard works, retry works once the fault is gone, and
 * sign-out no longer refuses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareSignOut } from '../../../main/core/commands/sign-out.ts';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { SERVER_ERROR } from '../../client/server-link/push-loop.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { until } from './convergence.ts';
import { newOrganization, startFaultClient, type FaultClient } from './fault-client.ts';

let t: TestServer;
let a: LoginTenant;
let rep: FaultClient;
const poisoned = [randomUUID(), randomUUID()];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'poison');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  await t.db.pool.query(`
    CREATE FUNCTION public.test_fail_on_poisoned_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id = ANY (ARRAY['${poisoned[0]}', '${poisoned[1]}']::uuid[]) THEN
        RAISE EXCEPTION 'test fault on row %', NEW.id USING ERRCODE = 'XX000';
      END IF;
      RETURN NEW;
    END $$`);
  await t.db.pool.query(`CREATE TRIGGER test_fail_on_poisoned_rows BEFORE INSERT OR UPDATE ON public.organizations
    FOR EACH ROW EXECUTE FUNCTION public.test_fail_on_poisoned_rows()`);
  rep = await startFaultClient(t.url, a.emails.rep, 'rep');
  await until(() => rep.settled(), () => 'the initial sync', 20_000);
});
afterAll(async () => {
  await rep?.cleanup();
  await t.close();
});

const unsynced = () => {
  const c = rep.replica.outbox.counts();
  return c.pending + c.sent;
};

it('sets aside the mutations the server keeps failing on and pushes all the others exactly once', async () => {
  const before = newOrganization(rep, 'Before The Poison');
  const first = { ...newOrganization(rep, 'Poisoned One'), row_id: poisoned[0]! };
  const middle = newOrganization(rep, 'Between The Poisons');
  const second = { ...newOrganization(rep, 'Poisoned Two'), row_id: poisoned[1]! };
  const after = newOrganization(rep, 'After The Poison');
  const edit = { table: 'organizations' as const, op: 'update' as const, row_id: before.row_id, changes: { city: 'Edited Once' } };
  const entries = rep.replica.outbox.enqueue([before, first, middle, second, after, edit]);
  const [poison1, poison2] = [entries[1]!, entries[3]!];
  const good = [entries[0]!, entries[2]!, entries[4]!, entries[5]!];

  await until(() => rep.replica.outbox.rejected().length === 2 && unsynced() === 0, () => 'the poisoned mutations to be set aside', 45_000);
  // A later edit is not held back either.
  const later = rep.replica.outbox.enqueue([newOrganization(rep, 'Made Later')])[0]!;
  await until(() => unsynced() === 0, () => 'the later edit', 20_000);

  const rejected = rep.replica.outbox.rejected();
  expect(rejected.map((e) => e.mutation_id)).toEqual([poison1.mutation_id, poison2.mutation_id]);
  for (const e of rejected) {
    expect(e.rejection).toMatchObject({ code: SERVER_ERROR, message: expect.stringMatching(/internal error/) });
  }
  // Rejected entries leave the overlay: the poisoned rows are not shown as if they existed.
  expect(rep.replica.getRow('organizations', poisoned[0]!)).toBeUndefined();

  const ids = [...good, later].map((e) => e.mutation_id);
  const log = await t.db.pool.query<{ mutation_id: string; status: string }>(
    'SELECT mutation_id, status FROM crm_private.mutation_log WHERE mutation_id = ANY ($1::uuid[])', [ids]);
  expect(log.rows.map((r) => r.status)).toEqual(ids.map(() => 'applied'));
  const rows = await t.db.pool.query<{ name: string; city: string | null }>(
    `SELECT name, city FROM organizations WHERE id = ANY ($1::uuid[]) ORDER BY name`,
    [[before.row_id, middle.row_id, after.row_id, later.row_id, ...poisoned]],
  );
  expect(rows.rows).toEqual([
    { name: 'After The Poison', city: null },
    { name: 'Before The Poison', city: 'Edited Once' },
    { name: 'Between The Poisons', city: null },
    { name: 'Made Later', city: null },
  ]);
  // Each good mutation changed PostgreSQL once: one audit entry per insert and one for the edit.
  const audit = await t.db.pool.query<{ record_id: string; action: string; n: number }>(
    `SELECT record_id, action, count(*)::int AS n FROM audit_log WHERE record_id = ANY ($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`,
    [[before.row_id, middle.row_id, after.row_id, later.row_id]],
  );
  expect(audit.rows.every((r) => r.n === 1)).toBe(true);
  expect(audit.rows).toHaveLength(5);

  const ctx = { replica: rep.replica, workspaceId: a.workspaceId, userId: rep.session.userId };
  expect(() => prepareSignOut(ctx, { unsynced: 'refuse' })).toThrow(/2 changes are not on the server/);

  // Discard one; retry the other once the fault is gone.
  rep.replica.outbox.discard(poison2.mutation_id);
  await t.db.pool.query('DROP TRIGGER test_fail_on_poisoned_rows ON public.organizations');
  const retried = rep.replica.outbox.retry(poison1.mutation_id);
  await until(() => rep.replica.outbox.counts().pending + rep.replica.outbox.counts().sent === 0, () => 'the retry', 20_000);
  expect(rep.replica.outbox.rejected()).toEqual([]);
  const landed = await t.db.pool.query('SELECT name FROM organizations WHERE id = ANY ($1::uuid[])', [poisoned]);
  expect(landed.rows).toEqual([{ name: 'Poisoned One' }]);
  const retriedLog = await t.db.pool.query('SELECT status FROM crm_private.mutation_log WHERE mutation_id = $1', [retried.mutation_id]);
  expect(retriedLog.rows).toEqual([{ status: 'applied' }]);

  expect(prepareSignOut(ctx, { unsynced: 'refuse' })).toEqual({ unsynced: 0 });
});
