/**
 * The HTTP listener's gatekeeping: the secret, routes, CORS preflight, health, and 400s
 * with Electric's error shape for every kind of invalid input.
 */
import { describe, expect, it } from 'vitest';
import { getShape, SECRET, setupItemsEngine } from '../testing/shape-engine-harness.ts';

const fx = setupItemsEngine();

const shape = (params: Record<string, string>, init?: RequestInit) =>
  getShape(fx.h.shapeUrl, { secret: SECRET, ...params }, init);

describe('authentication and routes', () => {
  it('answers 401 JSON without the secret or with a wrong one, also on a disguised path', async () => {
    for (const params of [{}, { secret: 'wrong-secret-0123456789' }] as Array<
      Record<string, string>
    >) {
      const r = await getShape(fx.h.shapeUrl, { table: 'items', offset: '-1', ...params });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ message: 'Unauthorized - Invalid API secret' });
    }
    const sneaky = await fetch(`${fx.h.http.url}/v1//%73hape/?table=items&offset=-1`);
    expect(sneaky.status).toBe(401);
  });

  it('serves health, CORS preflight, the root and 404s', async () => {
    const deadline = Date.now() + 5000;
    let health = await fetch(`${fx.h.http.url}/v1/health`);
    while (health.status !== 200 && Date.now() < deadline)
      health = await fetch(`${fx.h.http.url}/v1/health`);
    expect(await health.json()).toEqual({ status: 'active' });

    const pre = await fetch(fx.h.shapeUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-headers': 'if-none-match' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(pre.headers.get('access-control-allow-headers')).toBe('if-none-match');
    expect(pre.headers.get('access-control-max-age')).toBe('86400');
    expect((await fetch(`${fx.h.http.url}/`)).status).toBe(200);
    expect((await fetch(`${fx.h.http.url}/v2/shape`)).status).toBe(404);
  });
});

describe('validation', () => {
  const cases: Array<[string, Record<string, string>, string, RegExp | string]> = [
    ['missing table', { offset: '-1' }, 'table', "can't be blank"],
    [
      'unknown table',
      { table: 'nope', offset: '-1' },
      'table',
      'Table "public"."nope" does not exist',
    ],
    ['other schema', { table: 'crm.items', offset: '-1' }, 'table', /public schema/],
    ['malformed offset', { table: 'items', offset: 'abc' }, 'offset', 'has invalid format'],
    [
      'offset without handle',
      { table: 'items', offset: '0_0' },
      'handle',
      "can't be blank when offset != -1",
    ],
    [
      'live with offset -1',
      { table: 'items', offset: '-1', live: 'true' },
      'live',
      "can't be true when offset == -1",
    ],
    [
      'where syntax',
      { table: 'items', offset: '-1', where: '1 x 1' },
      'where',
      'At location 17: syntax error at or near "x"',
    ],
    [
      'unsupported SQL',
      { table: 'items', offset: '-1', where: "title LIKE 'a%'" },
      'where',
      /LIKE is not supported/,
    ],
    [
      'unknown column in where',
      { table: 'items', offset: '-1', where: 'nope = 1' },
      'where',
      /column "nope" does not exist/,
    ],
    [
      'missing param',
      { table: 'items', offset: '-1', where: 'n = $2', 'params[1]': '1' },
      'params',
      /\$2/,
    ],
    [
      'invalid param value',
      { table: 'items', offset: '-1', where: 'workspace_id = $1', 'params[1]': 'not-a-uuid' },
      'where',
      /invalid input syntax for type uuid/,
    ],
    [
      'ordering on jsonb',
      { table: 'items', offset: '-1', where: `meta < '{}'` },
      'where',
      /operator < is not supported/,
    ],
    [
      'columns without key',
      { table: 'items', offset: '-1', columns: 'title' },
      'columns',
      /must include all primary key columns/,
    ],
    [
      'unknown column',
      { table: 'items', offset: '-1', columns: 'id,nope' },
      'columns',
      /"nope" does not exist/,
    ],
    ['bad replica', { table: 'items', offset: '-1', replica: 'half' }, 'replica', /./],
    [
      'sse',
      { table: 'items', offset: '0_0', handle: 'h', live: 'true', live_sse: 'true' },
      'live_sse',
      /not supported/,
    ],
  ];
  it.each(cases)('400 for %s', async (_name, params, field, message) => {
    const r = await shape(params);
    expect(r.status).toBe(400);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = r.body as { message: string; errors: Record<string, string[]> };
    expect(body.message).toBe('Invalid request');
    expect(body.errors[field]?.[0]).toMatch(message);
  });
});
