/**
 * Values PostgreSQL cannot store (NUL, lone UTF-16 surrogates, years 0 and
 * 10000, impossible UTC offsets) reject the one mutation that carries them,
 * with its field; the other mutations of the batch keep their results and the
 * batch never answers 500. Whitespace-only text (zero-width spaces included)
 * is blank. Over real HTTP on real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

type Result = { mutation_id: string; status: string; code?: string; field?: string; message?: string };

async function send(...mutations: ReturnType<typeof mutation>[]): Promise<Result[]> {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Result[];
}

const row = async (table: string, id: string) => (await t.db.pool.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];

describe('text PostgreSQL cannot store', () => {
  it('rejects NUL and lone surrogates in values and in unknown keys, and applies the rest of the batch', async () => {
    const before = randomUUID();
    const after = randomUUID();
    const results = await send(
      mutation('organizations', 'insert', before, { name: 'Before Cafe' }),
      mutation('organizations', 'insert', randomUUID(), { name: 'Nul\u0000 Diner' }),
      mutation('organizations', 'update', g.customerId, { notes: 'half \uD800 a pair' }),
      mutation('organizations', 'update', g.customerId, { notes: 'other half \uDC00' }),
      mutation('organizations', 'update', g.customerId, { 'nonsense\u0000': 1 }),
      mutation('organizations', 'update', g.customerId, { 'bad\uDBFF': 'x' }),
      mutation('organizations', 'insert', after, { name: 'After Cafe' }),
    );
    expect(results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['applied', undefined, undefined],
      ['rejected', 'invalid', 'name'],
      ['rejected', 'invalid', 'notes'],
      ['rejected', 'invalid', 'notes'],
      ['rejected', 'invalid', 'nonsense\u0000'],
      ['rejected', 'invalid', 'bad\uDBFF'],
      ['applied', undefined, undefined],
    ]);
    expect(results[1]!.message).toMatch(/character/);
    expect(await row('organizations', before)).toMatchObject({ name: 'Before Cafe' });
    expect(await row('organizations', after)).toMatchObject({ name: 'After Cafe' });
    expect((await row('organizations', g.customerId)).notes).toBeNull();
    // Every rejection is on record, so a replay is answered the same way.
    const ids = results.map((r) => r.mutation_id);
    const logged = await t.db.pool.query('SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE mutation_id = ANY ($1)', [ids]);
    expect(logged.rows[0].n).toBe(ids.length);
  });

  it('refuses text[] and nested values with NUL as invalid, never 500', async () => {
    const results = await send(
      mutation('contacts', 'update', g.contactId, { title: ['a\u0000'] }),
      mutation('contacts', 'update', g.contactId, { title: { deep: [{ deeper: 'x\u0000\uD800' }] } }),
    );
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'invalid', field: 'title' });
  });
});

describe('dates PostgreSQL cannot store, or no user means', () => {
  it('refuses a created_at of year 0000 or offset +23:59 with a 400 naming the field', async () => {
    for (const created_at of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+23:59', '10000-01-01T00:00:00Z']) {
      const m = { ...mutation('organizations', 'update', g.customerId, { city: 'Austin' }), created_at };
      const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations: [m] } });
      expect(res.status, `${created_at}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.created_at' });
    }
  });

  it('rejects an interaction in year 10000 or 0000 and leaves last_interaction_at alone', async () => {
    const before = (await row('organizations', g.customerId)).last_interaction_at;
    const results = await send(
      mutation('interactions', 'insert', randomUUID(), {
        interaction_type: 'Note', organization_id: g.customerId, interaction_date: '+010000-01-01T00:00:00Z',
      }),
      mutation('interactions', 'insert', randomUUID(), {
        interaction_type: 'Note', organization_id: g.customerId, interaction_date: '9999-12-31T00:00:00Z',
      }),
      mutation('interactions', 'insert', randomUUID(), {
        interaction_type: 'Note', organization_id: g.customerId, interaction_date: '0000-06-01T00:00:00Z',
      }),
      mutation('interactions', 'insert', randomUUID(), {
        interaction_type: 'Note', organization_id: g.customerId, follow_up_required: true, follow_up_date: '1899-12-31',
      }),
      mutation('interactions', 'update', g.interactionId, { follow_up_done_at: '2026-01-01T00:00:00+16:00' }),
    );
    expect(results.map((r) => [r.code, r.field])).toEqual([
      ['invalid', 'interaction_date'],
      ['invalid', 'interaction_date'],
      ['invalid', 'interaction_date'],
      ['invalid', 'follow_up_date'],
      ['invalid', 'follow_up_done_at'],
    ]);
    expect((await row('organizations', g.customerId)).last_interaction_at).toEqual(before);
  });
});

describe('blank text', () => {
  it('stores whitespace-only optional text as null and refuses it where a value is required', async () => {
    const zeroWidth = ' \u200B\u200C\u200D\uFEFF\u2060\u00A0\u3000\t';
    const id = randomUUID();
    const results = await send(
      mutation('organizations', 'insert', randomUUID(), { name: zeroWidth }),
      mutation('organizations', 'insert', id, { name: 'Blank Fields Bistro', city: zeroWidth, notes: '\u200B' }),
      mutation('contacts', 'insert', randomUUID(), { first_name: '\u200B', last_name: '\u2060' }),
    );
    expect(results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['rejected', 'invalid', 'name'],
      ['applied', undefined, undefined],
      ['rejected', 'invalid', 'last_name'],
    ]);
    expect(await row('organizations', id)).toMatchObject({ city: null, notes: null });
  });
});

describe('values only the server writes', () => {
  it("rejects a client's derived interaction link as invalid on its source field, and applies a chosen one", async () => {
    const derived = randomUUID();
    const chosen = randomUUID();
    const link = { interaction_id: g.interactionId, principal_id: g.principalId };
    const results = await send(
      mutation('interaction_principals', 'insert', derived, { ...link, source: 'derived' }),
      mutation('interaction_principals', 'insert', chosen, { ...link, source: 'chosen' }),
    );
    expect(results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['rejected', 'invalid', 'source'],
      ['applied', undefined, undefined],
    ]);
    expect(results[0]!.message).toMatch(/chosen.*removed/);
    expect(await row('interaction_principals', derived)).toBeUndefined();
    expect(await row('interaction_principals', chosen)).toMatchObject({ source: 'chosen' });
  });
});
