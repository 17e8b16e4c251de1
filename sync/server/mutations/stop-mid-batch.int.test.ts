/**
 * A server stopped while it applies a batch finishes the group at hand and no
 * more: the log then holds whole groups only (each group is one transaction),
 * and the client's retry after the restart applies the rest, each mutation
 * exactly once. Real server stop and restart, real PostgreSQL. The batch's
 * creates alternate two shapes, so none joins a set statement and each takes
 * a savepoint: groups of SAVEPOINTS_PER_GROUP, several per batch (a batch of
 * same-shaped creates would be one group, with nothing to stop in between).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { MAX_MUTATIONS_PER_BATCH } from '../../schema/mutations.ts';
import {
  call,
  createLoginTenant,
  login,
  mutation,
  startTestServer,
  type LoginTenant,
  type TestServer,
} from '../testing/test-server.ts';
import { SAVEPOINTS_PER_GROUP } from './apply-group.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
});
afterAll(async () => {
  await t.close();
});

it('finishes the group at hand, leaves whole groups on record, and the retry applies the rest once', async () => {
  const { token, deviceId } = await login(t.url, a.emails.rep);
  const ids = Array.from({ length: MAX_MUTATIONS_PER_BATCH }, () => randomUUID());
  const batch = ids.map((id, i) =>
    mutation('contacts', 'insert', id, {
      last_name: `Stopped ${i}`,
      organization_id: g.customerId,
      ...(i % 2 ? { title: 'Buyer' } : {}),
    }),
  );
  const body = JSON.stringify({ mutations: batch });

  const answer = new Promise<number | string>((resolve) => {
    const req = request(`${t.url}/v1/mutations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    // The stop cuts connections: an answer (503) or a cut connection are both what a client may meet.
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => resolve(err.message));
    req.end(body);
  });
  const logged = async () =>
    (
      await t.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE device_id = $1',
        [deviceId],
      )
    ).rows[0]!.n;
  const deadline = Date.now() + 30_000;
  while ((await logged()) === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 5));
  expect(await logged()).toBeGreaterThan(0);
  await t.stop();
  const status = await answer;
  expect([503, 'socket hang up', 'read ECONNRESET']).toContain(status);

  const whenStopped = await logged();
  expect(whenStopped % SAVEPOINTS_PER_GROUP).toBe(0);
  expect(whenStopped).toBeLessThan(ids.length);
  const rows = async () =>
    (
      await t.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM contacts WHERE id = ANY ($1)',
        [ids],
      )
    ).rows[0]!.n;
  expect(await rows()).toBe(whenStopped);

  await t.restart();
  const retried = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations: batch } });
  expect(retried.status, JSON.stringify(retried.body).slice(0, 500)).toBe(200);
  expect((retried.body.results as { status: string }[]).every((r) => r.status === 'applied')).toBe(
    true,
  );
  expect(await rows()).toBe(ids.length);
  expect(await logged()).toBe(ids.length);
  const audit = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE record_id = ANY ($1) AND action = 'insert'`,
    [ids],
  );
  expect(audit.rows[0]!.n).toBe(ids.length);
});
