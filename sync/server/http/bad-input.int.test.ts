/**
 * Bad input gets a 4xx with `{ error: { code, message } }` (sync/schema's
 * httpError), never a 500 or a stack trace: malformed JSON, oversized bodies
 * and batches, wrong content types, unknown tables, wrong types, unknown routes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpError, MAX_MUTATIONS_PER_BATCH } from '../../schema/mutations.ts';
import { UnavailableShapeBackend } from '../shape-route/shape-backend.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type HttpAnswer, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let token: string;
beforeAll(async () => {
  // No shape service at all, to check the 503 a client retries (the default is the built-in engine).
  t = await startTestServer({ maxBodyBytes: 256 * 1024 }, { shapeBackend: new UnavailableShapeBackend('no shape service in this test') });
  const a = await createLoginTenant(t.db.pool, 'alpha');
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: HttpAnswer, status: number, code: string, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(httpError.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
  expect(res.body.error.code).toBe(code);
  if (field !== undefined) expect(res.body.error.field).toBe(field);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe('bad input', () => {
  it('malformed JSON', async () => {
    expectProblem(await call(t.url, 'POST', '/v1/mutations', { token, rawBody: '{"mutations": [' }), 400, 'invalid_json');
    expectProblem(await call(t.url, 'POST', '/v1/auth/login', { rawBody: 'not json at all' }), 400, 'invalid_json');
    expectProblem(await call(t.url, 'POST', '/v1/mutations', { token, rawBody: '' }), 400, 'invalid_json');
  });

  it('prototype-poisoning JSON', async () => {
    const res = await call(t.url, 'POST', '/v1/mutations', { token, rawBody: '{"__proto__": {"admin": true}, "mutations": []}' });
    expect(res.status).toBe(400);
    expect(httpError.safeParse(res.body).success).toBe(true);
  });

  it('a body over the limit', async () => {
    const big = JSON.stringify({ mutations: [mutation('organizations', 'insert', randomUUID(), { notes: 'x'.repeat(300 * 1024) })] });
    expectProblem(await call(t.url, 'POST', '/v1/mutations', { token, rawBody: big }), 413, 'body_too_large');
  });

  it(`a batch over ${MAX_MUTATIONS_PER_BATCH} mutations`, async () => {
    const mutations = Array.from({ length: MAX_MUTATIONS_PER_BATCH + 1 }, () => mutation('contacts', 'delete', randomUUID()));
    expectProblem(await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } }), 413, 'batch_too_large', 'mutations');
    expectProblem(await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations: [] } }), 400, 'invalid_request', 'mutations');
  });

  it('a content type other than JSON', async () => {
    expectProblem(
      await call(t.url, 'POST', '/v1/mutations', { token, rawBody: 'mutations=1', headers: { 'content-type': 'text/plain' } }),
      415, 'unsupported_media_type',
    );
  });

  it('unknown tables, operations and wrong types in the batch structure', async () => {
    const ok = mutation('organizations', 'update', randomUUID(), { name: 'x' });
    const cases: Array<[unknown, string]> = [
      [{ mutations: [{ ...ok, table: 'user_credentials' }] }, 'mutations.0.table'],
      [{ mutations: [{ ...ok, table: 'opportunity_principals' }] }, 'mutations.0.table'],
      [{ mutations: [{ ...ok, table: 'pg_authid' }] }, 'mutations.0.table'],
      [{ mutations: [{ ...ok, op: 'truncate' }] }, 'mutations.0.op'],
      [{ mutations: [{ ...ok, mutation_id: 'one' }] }, 'mutations.0.mutation_id'],
      [{ mutations: [{ ...ok, row_id: 42 }] }, 'mutations.0.row_id'],
      [{ mutations: [{ ...ok, changes: 'name=x' }] }, 'mutations.0.changes'],
      [{ mutations: [{ ...ok, created_at: 'yesterday' }] }, 'mutations.0.created_at'],
      [{ mutations: [{ ...ok, sql: 'DROP TABLE x' }] }, 'mutations.0.sql'],
      [{ mutations: ok }, 'mutations'],
      [[ok], ''],
    ];
    for (const [body, field] of cases) {
      const res = await call(t.url, 'POST', '/v1/mutations', { token, body });
      expectProblem(res, 400, 'invalid_request', field || undefined);
    }
  });

  it('unknown columns and wrong value types reject the one mutation, not the batch (the outbox must move on)', async () => {
    const res = await call(t.url, 'POST', '/v1/mutations', {
      token,
      body: { mutations: [mutation('organizations', 'insert', randomUUID(), { name: 'Fine' }), mutation('organizations', 'insert', randomUUID(), { name: 7, colour: 'red' })] },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
    expect(res.body.results[1]).toMatchObject({ code: 'invalid' });
  });

  it('bad shape requests', async () => {
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=user_credentials&offset=-1', { token }), 400, 'unknown_table', 'table');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=devices&offset=-1', { token }), 400, 'unknown_table', 'table');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=public.contacts&offset=-1', { token }), 400, 'unknown_table', 'table');
    expectProblem(await call(t.url, 'GET', '/v1/shape?offset=-1', { token }), 400, 'invalid_request', 'table');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=contacts&offset=1%3B%20DROP', { token }), 400, 'invalid_request', 'offset');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=contacts&offset=5_3', { token }), 400, 'invalid_request', 'handle');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=contacts&offset=-1&live=maybe', { token }), 400, 'invalid_request', 'live');
    expectProblem(await call(t.url, 'GET', '/v1/shape?table=contacts&table=users&offset=-1', { token }), 400, 'invalid_request', 'table');
  });

  it('a shape request while no shape service is configured: 503 JSON the client retries', async () => {
    const res = await call(t.url, 'GET', '/v1/shape?table=contacts&offset=-1', { token });
    expectProblem(res, 503, 'shape_backend_unavailable');
    expect(res.headers.get('retry-after')).toBe('30');
  });

  it('bad admin input and unknown routes', async () => {
    expectProblem(await call(t.url, 'GET', '/v1/nothing-here', { token }), 404, 'not_found');
    expectProblem(await call(t.url, 'DELETE', '/v1/mutations', { token }), 404, 'not_found');
    const admin = await login(t.url, (await t.db.pool.query(`SELECT u.email FROM users u JOIN workspace_members m ON m.user_id = u.id WHERE m.role = 'owner' LIMIT 1`)).rows[0].email);
    expectProblem(await call(t.url, 'PATCH', '/v1/admin/members/not-a-uuid', { token: admin.token, body: { role: 'rep' } }), 400, 'invalid_request', 'user_id');
    expectProblem(await call(t.url, 'PATCH', `/v1/admin/members/${randomUUID()}`, { token: admin.token, body: { role: 'king' } }), 400, 'invalid_request', 'role');
    expectProblem(await call(t.url, 'GET', '/v1/admin/rejected-mutations?limit=0', { token: admin.token }), 400, 'invalid_request', 'limit');
    expectProblem(await call(t.url, 'POST', '/v1/admin/members', { token: admin.token, body: { email: 'new.person@example.test', role: 'rep', extra: 1 } }), 400, 'invalid_request', 'extra');
  });
});
