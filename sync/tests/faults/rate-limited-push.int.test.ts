/**
 * A 429 with Retry-After (the server's answer to a device sending too many
 * batches at once) is a request to wait, not a failure: the push loop sends
 * nothing before Retry-After has passed, even when the user keeps editing, and
 * many 429s in a row never get a mutation set aside as a server error.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { until } from './convergence.ts';
import { newOrganization, startFaultClient, type FaultClient } from './fault-client.ts';

let t: TestServer;
let a: LoginTenant;
let rep: FaultClient;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'limited');
  rep = await startFaultClient(t.url, a.emails.rep, 'rep');
  await until(() => rep.settled(), () => 'the initial sync', 20_000);
});
afterAll(async () => {
  await rep?.cleanup();
  await t.close();
});

it('waits Retry-After after a 429, local edits notwithstanding, and counts no failure', async () => {
  const sentAt: number[] = [];
  const RETRY_AFTER_S = 1;
  const TIMES = 4; // more than the failures that make the push loop suspect a mutation
  rep.proxy.addRule({
    method: 'POST',
    path: '/v1/mutations',
    match: () => (sentAt.push(Date.now()), true),
    times: TIMES,
    action: {
      kind: 'answer',
      status: 429,
      headers: { 'retry-after': String(RETRY_AFTER_S) },
      body: { error: { code: 'too_many_requests', message: 'one batch at a time, please' } },
    },
  });
  const [first] = rep.replica.outbox.enqueue([newOrganization(rep, 'Patient Pantry')]);
  await rep.proxy.ended((r) => r.path === '/v1/mutations' && r.status === 429);
  // The user keeps working: each edit wakes the push loop, which must still wait.
  for (let i = 0; i < 3; i++) {
    rep.replica.outbox.enqueue([newOrganization(rep, `Edit While Waiting ${i}`)]);
    await new Promise((r) => setTimeout(r, 100));
  }
  await until(() => rep.replica.outbox.counts().pending + rep.replica.outbox.counts().sent === 0, () => 'the edits to land', 30_000);

  expect(sentAt.length).toBeGreaterThanOrEqual(TIMES + 1);
  // Timers may fire a little early on a loaded machine, never a whole 100 ms.
  for (let i = 1; i <= TIMES; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 100);
  expect(rep.replica.outbox.rejected()).toEqual([]);
  const log = await t.db.pool.query('SELECT status FROM crm_private.mutation_log WHERE mutation_id = $1', [first!.mutation_id]);
  expect(log.rows).toEqual([{ status: 'applied' }]);
  const names = await t.db.pool.query(`SELECT count(*)::int AS n FROM organizations WHERE name LIKE 'Edit While Waiting %'`);
  expect(names.rows).toEqual([{ n: 3 }]);
});
