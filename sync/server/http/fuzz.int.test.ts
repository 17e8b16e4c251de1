/**
 * Property-based: random and mutated requests at POST /v1/mutations and
 * GET /v1/shape, signed in, on the real server and PostgreSQL. Whatever
 * arrives (NUL, lone surrogates, huge numbers, deep nesting, `__proto__` and
 * `constructor` keys, wrong types), the answer is never a 500, never a hang
 * (each request is bounded) and never a crash: a 4xx with the error envelope
 * `{ error: { code, message, field? } }`, or a valid answer (for mutations,
 * one applied/rejected result per mutation, in order).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { httpError, mutationResponse } from '../../schema/mutations.ts';
import { columnsOf, MUTABLE_TABLES, TABLE_NAMES } from '../../schema/tables.ts';
import { createLoginTenant, login, startTestServer, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let token: string;
let g: CrmGraph;

beforeAll(async () => {
  t = await startTestServer();
  const a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

/** Per request: longer than any honest answer on a loaded machine, shorter than the test. */
const BOUND_MS = 15_000;

async function send(method: string, route: string, body?: string) {
  const res = await fetch(`${t.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(BOUND_MS),
  });
  return { status: res.status, text: await res.text() };
}

function expectEnvelope(status: number, text: string) {
  expect(status, text).toBeGreaterThanOrEqual(400);
  expect(status, text).toBeLessThan(500);
  expect(httpError.safeParse(JSON.parse(text)).success, text).toBe(true);
}

/**
 * encodeURIComponent, except that a lone surrogate goes out as its raw
 * 3-byte form (%ED%A0%80): invalid UTF-8, as a hostile client would send it.
 */
function rawEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

// ---- values that have broken servers before ----
const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', 'x\uDFFF', '\uDBFF\u0000', '\u200B', ' \uFEFF ', '', 'x'.repeat(25_000), '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-12:00', '2026-01-01T00:00:00+23:59', '1e400', 'NaN', '__proto__', 'constructor', "'; DROP TABLE contacts; --"),
);
const nastyRaw = fc.oneof(
  nastyString.map((s) => JSON.stringify(s)),
  fc.constantFrom('1e308', '-1e308', '1e400', '123456789012345678901234567890', '-0', '0.0000000000000000000001', 'true', 'null', '[]', '{}',
    deep(64), deep(3000), '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '{"constructor":1}'),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);
// A few fixed mutation ids, so reuse (replays and conflicts) happens too.
const reusedIds = Array.from({ length: 4 }, () => randomUUID());
const columnName = fc.oneof(
  fc.constantFrom(...[...new Set(MUTABLE_TABLES.flatMap((tb) => columnsOf(tb)))]),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''),
  fc.string(),
);

/** One mutation as raw JSON text, each field either valid-looking or broken. */
const rawMutation = fc
  .record({
    mutation_id: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...reusedIds) }, { weight: 4, arbitrary: fc.constant(null).map(() => randomUUID()) },
      { weight: 1, arbitrary: fc.oneof(fc.constant(null), nastyString) },
    ).map((v) => JSON.stringify(v)),
    table: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...MUTABLE_TABLES) }, fc.constantFrom(...TABLE_NAMES), nastyString)
      .map((v) => JSON.stringify(v)),
    op: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('insert', 'update', 'delete', 'restore') }, nastyString).map((v) => JSON.stringify(v)),
    row_id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(() => g.customerId, () => g.contactId, () => g.opportunityId).map((f) => f()) },
      { weight: 2, arbitrary: fc.uuid() }, nastyString).map((v) => JSON.stringify(v)),
    changes: fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: nastyRaw },
      { weight: 6, arbitrary: fc.array(fc.tuple(columnName, nastyRaw), { maxLength: 4 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`) },
    ),
    created_at: fc.oneof(
      { weight: 8, arbitrary: fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('9999-12-31') }).map((d) => d.toISOString()) },
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), nastyString,
    ).map((v) => JSON.stringify(v)),
    extra: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(columnName, nastyRaw) }),
  })
  .map((m) => {
    const parts = Object.entries(m)
      .filter(([k, v]) => k !== 'extra' && v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`);
    if (m.extra) parts.push(`${JSON.stringify(m.extra[0])}:${m.extra[1]}`);
    return `{${parts.join(',')}}`;
  });

const mutationBody = fc.oneof(
  { weight: 8, arbitrary: fc.array(rawMutation, { minLength: 1, maxLength: 5 }).map((ms) => `{"mutations":[${ms.join(',')}]}`) },
  { weight: 1, arbitrary: nastyRaw.map((v) => `{"mutations":${v}}`) },
  { weight: 1, arbitrary: nastyRaw },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

describe('fuzzing the write and read routes', () => {
  it('POST /v1/mutations: never a 500 or a hang, always the envelope or one result per mutation', async () => {
    let perMutation = 0;
    await fc.assert(
      fc.asyncProperty(mutationBody, async (body) => {
        const { status, text } = await send('POST', '/v1/mutations', body);
        if (status === 200) {
          const answer = mutationResponse.parse(JSON.parse(text));
          const sent = (JSON.parse(body) as { mutations: Array<{ mutation_id: string }> }).mutations;
          expect(answer.results.map((r) => r.mutation_id)).toEqual(sent.map((m) => m.mutation_id));
          perMutation++;
        } else {
          expectEnvelope(status, text);
        }
      }),
      { numRuns: 300 },
    );
    // The generator reaches past the batch's structure check, into per-mutation handling.
    expect(perMutation).toBeGreaterThan(10);
  }, 90_000);

  it('GET /v1/shape: never a 500 or a hang, always the envelope or an Electric answer', async () => {
    const key = fc.oneof(
      fc.constantFrom('table', 'offset', 'handle', 'live', 'cursor', 'log', 'where', 'columns', 'params[1]', 'replica', 'live_sse',
        'cache-buster', 'expired_handle', '__proto__', 'constructor'),
      fc.string({ maxLength: 20 }),
    );
    const value = fc.oneof(
      fc.constantFrom(...TABLE_NAMES, ...TABLE_NAMES, '-1', '-1', 'now', '0_0', '0_inf', '99999999999999999999_1', 'true', 'false', 'full',
        '1=1; DROP TABLE x', ''),
      nastyString.map((s) => s.slice(0, 300)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 6 }), async (params) => {
        // Not live: a live request long-polls by design (its bound is the server's poll time, tested elsewhere).
        const query = params.filter(([k]) => k !== 'live' && k !== 'live_sse')
          .map(([k, v]) => `${rawEncode(k)}=${rawEncode(v)}`).join('&');
        const { status, text } = await send('GET', `/v1/shape?${query}`);
        if (status === 200 || status === 409) {
          // Electric's answers are arrays of messages (409: must-refetch).
          expect(Array.isArray(JSON.parse(text)), text).toBe(true);
        } else {
          expectEnvelope(status, text);
        }
      }),
      { numRuns: 150 },
    );
  }, 90_000);
});
