/**
 * The push loop pipelines independent batches (push-loop.ts, batch-independence.ts):
 * the batch behind the one in flight leaves before that answer, against the
 * real server and PostgreSQL. Every mutation keeps its own result (a rejected
 * one in the middle of a pipelined batch too), answers are recorded in outbox
 * order, a batch that writes a record the batch ahead of it names waits for
 * that answer, and a first batch that fails while the second is applied is
 * sent again and applied once, losing nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ClientMutation, MutationResponse } from '../schema/mutations.ts';
import { Replica, type LocalMutation } from '../client/replica/index.ts';
import { PushLoop } from '../client/server-link/push-loop.ts';
import { ServerApi } from '../client/server-link/server-api.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { until } from './faults/convergence.ts';
import { FaultProxy } from './faults/fault-proxy.ts';
import { signIn, type Session } from './faults/fault-client.ts';

const BATCH = 10;

/** The real API, with a record of when each batch left and when its answer came (the order of events). */
class WatchedApi extends ServerApi {
  readonly events: string[] = [];
  private open = 0;
  maxOpen = 0;

  override async pushMutations(token: string, mutations: ClientMutation[], signal?: AbortSignal): Promise<MutationResponse> {
    const first = mutations[0]!.mutation_id;
    this.events.push(`send ${first}`);
    this.maxOpen = Math.max(this.maxOpen, ++this.open);
    try {
      return await super.pushMutations(token, mutations, signal);
    } finally {
      this.open--;
      this.events.push(`answer ${first}`);
    }
  }
}

let t: TestServer;
let a: LoginTenant;
let session: Session;
let dir: string;
let replica: Replica;
let loop: PushLoop | null = null;
let proxy: FaultProxy | null = null;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'pipeline');
  session = await signIn(t.url, a.emails.rep);
  dir = mkdtempSync(path.join(tmpdir(), 'pantry-pipeline-'));
  replica = Replica.open(path.join(dir, 'replica.sqlite'), { actorId: session.userId });
});
afterEach(async () => {
  loop?.stop();
  loop = null;
  await proxy?.close();
  proxy = null;
});
afterAll(async () => {
  replica?.close();
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const org = (name: string): LocalMutation => ({
  table: 'organizations',
  op: 'insert',
  row_id: randomUUID(),
  workspace_id: session.workspaceId,
  changes: { name },
});

function startLoop(api: ServerApi): void {
  loop = new PushLoop({
    replica,
    api,
    token: () => session.token,
    batchSize: BATCH,
    baseDelayMs: 50,
    maxDelayMs: 200,
    onSending: () => {},
    onIdle: () => {},
    onOffline: () => {},
    onSignedOut: () => {},
    onError: () => {},
  });
  loop.start();
}

const unanswered = () => {
  const c = replica.outbox.counts();
  return c.pending + c.sent;
};

async function logOf(ids: string[]): Promise<Map<string, { status: string; code: string | null }>> {
  const r = await t.db.pool.query<{ mutation_id: string; status: string; code: string | null }>(
    'SELECT mutation_id, status, code FROM crm_private.mutation_log WHERE device_id = $1 AND mutation_id = ANY ($2::uuid[])',
    [session.deviceId, ids],
  );
  return new Map(r.rows.map((row) => [row.mutation_id, { status: row.status, code: row.code }]));
}

it('sends independent batches before the answer ahead, keeps every result, and holds back a dependent batch', async () => {
  // Batches of 10: 1-3 independent creates (the 25th mutation, in batch 3, an update of a
  // record nobody has: rejected alone); batch 4 edits batch 3's records, so it must wait
  // for batch 3's answer; batch 5 is independent of batch 4 again.
  const creates = Array.from({ length: 30 }, (_, i) => org(`Pipelined ${String(i).padStart(2, '0')}`));
  const missing = randomUUID();
  creates[24] = { table: 'organizations', op: 'update', row_id: missing, changes: { city: 'Nowhere' } };
  const edits: LocalMutation[] = creates
    .slice(20, 30)
    .map((m, i) => (i === 4 ? org('Pipelined 24b') : { table: 'organizations', op: 'update', row_id: m.row_id, changes: { city: `City ${i}` } }));
  const tail = Array.from({ length: 10 }, (_, i) => org(`Pipelined tail ${i}`));
  const entries = replica.outbox.enqueue([...creates, ...edits, ...tail]);
  const api = new WatchedApi(t.url);
  startLoop(api);
  await until(() => unanswered() === 0, () => 'every batch answered', 30_000);

  // Pipelined: two batches were out at once.
  expect(api.maxOpen).toBe(2);
  const batchStart = (k: number) => entries[k * BATCH]!.mutation_id;
  const at = (e: string) => api.events.indexOf(e);
  // Batch 2 left before batch 1's answer; batch 4 (edits of batch 3's records) only after batch 3's.
  expect(at(`send ${batchStart(1)}`)).toBeLessThan(at(`answer ${batchStart(0)}`));
  expect(at(`send ${batchStart(3)}`)).toBeGreaterThan(at(`answer ${batchStart(2)}`));
  // Each batch left after the answer of the batch two ahead of it: never more than two out.
  for (let k = 2; k < 5; k++) expect(at(`send ${batchStart(k)}`)).toBeGreaterThan(at(`answer ${batchStart(k - 2)}`));

  // Every mutation has its own result; only the update of the missing record was rejected.
  const log = await logOf(entries.map((e) => e.mutation_id));
  expect(log.size).toBe(entries.length);
  const rejected = entries.filter((e) => log.get(e.mutation_id)!.status === 'rejected');
  expect(rejected.map((e) => e.row_id)).toEqual([missing]);
  expect(replica.outbox.rejected().map((e) => e.mutation_id)).toEqual([entries[24]!.mutation_id]);
  // The edits landed on the records batch 3 created.
  const cities = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM organizations WHERE workspace_id = $1 AND city LIKE 'City %'`,
    [session.workspaceId],
  );
  expect(cities.rows[0]!.n).toBe(9);
  const names = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM organizations WHERE workspace_id = $1 AND name LIKE 'Pipelined %'`,
    [session.workspaceId],
  );
  expect(names.rows[0]!.n).toBe(29 + 1 + 10);
});

it('sends the first batch again when it fails while the one behind it is applied: nothing lost, nothing twice', async () => {
  proxy = await FaultProxy.start(t.url);
  // The first batch meets a 503 from "a balancer" (never reaches the server); the second,
  // already on its way, is applied.
  proxy.addRule({
    method: 'POST',
    path: '/v1/mutations',
    times: 1,
    action: { kind: 'answer', status: 503, body: { error: { code: 'unavailable', message: 'try again' } } },
  });
  const entries = replica.outbox.enqueue(Array.from({ length: 2 * BATCH }, (_, i) => org(`Retried ${i}`)));
  const api = new WatchedApi(proxy.url);
  startLoop(api);
  await until(() => unanswered() === 0, () => 'both batches answered', 30_000);

  expect(api.maxOpen).toBe(2);
  const posts = proxy.requests.filter((r) => r.path === '/v1/mutations');
  expect(posts.map((r) => r.status)).toEqual([503, 200, 200]);
  const log = await logOf(entries.map((e) => e.mutation_id));
  expect([...log.values()].every((r) => r.status === 'applied')).toBe(true);
  expect(log.size).toBe(2 * BATCH);
  const rows = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM organizations WHERE workspace_id = $1 AND name LIKE 'Retried %'`,
    [session.workspaceId],
  );
  expect(rows.rows[0]!.n).toBe(2 * BATCH);
  const mine = new Set(entries.map((e) => e.mutation_id));
  expect(replica.outbox.rejected().filter((e) => mine.has(e.mutation_id))).toEqual([]);
});
