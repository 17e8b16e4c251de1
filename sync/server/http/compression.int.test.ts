/**
 * Compressed answers over real HTTP on loopback (raw node:http requests, so the
 * bytes on the wire are counted before any decoding): a shape snapshot page and
 * a JSON API answer are the same after decoding whether sent as br, gzip or
 * identity; content-encoding is set only when the client accepts one and the
 * answer is above the threshold; a 4xx problem JSON stays readable; and Node's
 * fetch, which the desktop's sync client uses, receives compressed bytes.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBigCatalog, createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import {
  call,
  createLoginTenant,
  login,
  mutation,
  startTestServer,
  type LoginTenant,
  type TestServer,
} from '../testing/test-server.ts';
import { COMPRESS_THRESHOLD_BYTES } from './compression.ts';
import { CompressedBodies } from './shared-compression.ts';

let t: TestServer;
let a: LoginTenant;
let token: string;
let graph: CrmGraph;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  graph = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  // Enough organizations for a snapshot page well above the threshold.
  await t.db.pool.query(
    `INSERT INTO organizations (id, workspace_id, name, city, notes)
     SELECT gen_random_uuid(), $1, 'Compression Bistro ' || i, 'Austin', 'Serves brunch on weekends' FROM generate_series(1, 60) i`,
    [a.workspaceId],
  );
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes as they came over the socket (after chunked framing, before any decoding). */
  wireBytes: number;
  /** The body decoded per content-encoding, as text. */
  text: string;
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === undefined || encoding === 'identity') return body;
  throw new Error(`unexpected content-encoding ${encoding}`);
}

function raw(
  method: string,
  route: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : {}),
        ...headers,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        try {
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            wireBytes: wire.length,
            text: decode(wire, encoding).toString('utf8'),
          });
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.end(body);
  });
}

const electricHeaders = (h: RawAnswer['headers']) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('electric-')));

describe('a shape snapshot page', () => {
  it('is the same after decoding as br, gzip and identity, and far fewer bytes on the wire', async () => {
    const route = '/v1/shape?table=organizations&offset=-1';
    const plain = await raw('GET', route, {});
    const gzip = await raw('GET', route, { 'accept-encoding': 'gzip' });
    const br = await raw('GET', route, { 'accept-encoding': 'gzip, br' });
    for (const r of [plain, gzip, br]) expect(r.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(plain.wireBytes).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    expect(JSON.parse(gzip.text)).toEqual(JSON.parse(plain.text));
    expect(br.text).toBe(plain.text);
    expect(gzip.text).toBe(plain.text);
    expect((JSON.parse(plain.text) as unknown[]).length).toBeGreaterThanOrEqual(60);
    // The Electric protocol headers are untouched; caches keep encodings apart.
    expect(electricHeaders(gzip.headers)).toEqual(electricHeaders(plain.headers));
    expect(electricHeaders(plain.headers)['electric-handle']).toBeTruthy();
    expect(gzip.headers.vary).toMatch(/authorization/i);
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(gzip.wireBytes).toBeLessThan(plain.wireBytes / 3);
    expect(br.wireBytes).toBeLessThan(plain.wireBytes / 3);
  });

  it('carries one weak ETag for every encoding, and a 304 answers it whichever encoding asks', async () => {
    const route = '/v1/shape?table=organizations&offset=-1';
    const plain = await raw('GET', route, {});
    const br = await raw('GET', route, { 'accept-encoding': 'br' });
    const etag = plain.headers.etag as string;
    // Weak: the rows are the same, the bytes are not (br vs identity), which a strong ETag would have to tell apart.
    expect(etag).toMatch(/^W\/".+"$/);
    expect(br.headers.etag).toBe(etag);
    const revalidated = await raw('GET', route, {
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    // A client that dropped the weak prefix is understood the same way.
    const strong = await raw('GET', route, { 'if-none-match': etag.slice(2) });
    expect(strong.status).toBe(304);
  });

  it('reaches Node fetch (the sync client) compressed, which decodes it by itself', async () => {
    // Node's fetch sends its own accept-encoding ("gzip, deflate" over plain http) when none is given.
    const res = await fetch(`${t.url}/v1/shape?table=organizations&offset=-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const viaFetch = await res.json();
    const plain = await raw('GET', '/v1/shape?table=organizations&offset=-1', {});
    expect(viaFetch).toEqual(JSON.parse(plain.text));
    // The same request with the header fetch sends, counted on the socket.
    const asFetch = await raw('GET', '/v1/shape?table=organizations&offset=-1', {
      'accept-encoding': 'gzip, deflate',
    });
    expect(asFetch.headers['content-encoding']).toBe('gzip');
    expect(asFetch.wireBytes).toBeLessThan(plain.wireBytes / 3);
  });
});

describe('a snapshot page above the shared cache (a first download is made of them)', () => {
  it('is compressed by the plugin and the same after decoding (sync/tests/bulk-fetch.int.test.ts reads it as the desktop does)', async () => {
    await addBigCatalog(t.db.pool, a.workspaceId, graph.principalId);
    const route = '/v1/shape?table=products&offset=-1';
    const plain = await raw('GET', route, {});
    expect(plain.status).toBe(200);
    // Above what the shared cache takes: the plugin compresses this answer as a stream.
    expect(plain.wireBytes).toBeGreaterThan(new CompressedBodies().maxBodyBytes);
    for (const encoding of ['gzip', 'br']) {
      const packed = await raw('GET', route, { 'accept-encoding': encoding });
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.headers.vary).toMatch(/accept-encoding/i);
      expect(packed.text).toBe(plain.text);
      expect(packed.wireBytes).toBeLessThan(plain.wireBytes / 3);
      expect(electricHeaders(packed.headers)).toEqual(electricHeaders(plain.headers));
    }
  });
});

describe('the JSON API', () => {
  it('answers a mutation batch the same compressed and not (a replay, answered from the log)', async () => {
    const id = randomUUID();
    const batch = [
      mutation('organizations', 'insert', id, { name: 'Wire Cafe' }),
      ...Array.from({ length: 12 }, (_, i) =>
        mutation('organizations', 'update', id, { notes: `visit ${i}` }),
      ),
      mutation('organizations', 'update', id, { nonsense: 1 }),
    ];
    const body = JSON.stringify({ mutations: batch });
    const plain = await raw('POST', '/v1/mutations', {}, body);
    const gzip = await raw('POST', '/v1/mutations', { 'accept-encoding': 'gzip' }, body);
    expect([plain.status, gzip.status]).toEqual([200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(plain.text);
    expect(JSON.parse(plain.text).results).toHaveLength(batch.length);
  });

  it('leaves an answer below the threshold uncompressed, and an unsupported encoding gets identity', async () => {
    const me = await raw('GET', '/v1/me', { 'accept-encoding': 'gzip, br' });
    expect(me.status).toBe(200);
    expect(me.wireBytes).toBeLessThan(COMPRESS_THRESHOLD_BYTES);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(me.text)).toMatchObject({ user: expect.any(Object) });
    const shape = await raw('GET', '/v1/shape?table=organizations&offset=-1', {
      'accept-encoding': 'compress',
    });
    expect(shape.status).toBe(200);
    expect(shape.headers['content-encoding']).toBeUndefined();
    const refused = await raw('GET', '/v1/shape?table=organizations&offset=-1', {
      'accept-encoding': 'gzip;q=0, br;q=0',
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.text)).toEqual(JSON.parse(shape.text));
  });
});

describe('a change answering many long polls', () => {
  it('reaches each of them compressed, the same bytes for all, decoding to the change', async () => {
    // Catch up to the live edge of the organizations shape.
    let query = 'table=organizations&offset=-1';
    for (;;) {
      const page = await raw('GET', `/v1/shape?${query}`, { 'accept-encoding': 'br' });
      expect(page.status).toBe(200);
      query = `table=organizations&handle=${String(page.headers['electric-handle'])}&offset=${String(page.headers['electric-offset'])}`;
      if (page.headers['electric-up-to-date'] !== undefined) break;
    }
    const polls = [
      raw('GET', `/v1/shape?${query}&live=true&cursor=1`, { 'accept-encoding': 'gzip, br' }),
      raw('GET', `/v1/shape?${query}&live=true&cursor=1`, { 'accept-encoding': 'br' }),
      raw('GET', `/v1/shape?${query}&live=true&cursor=1`, { 'accept-encoding': 'gzip' }),
      raw('GET', `/v1/shape?${query}&live=true&cursor=1`, {}),
    ];
    // Let the polls reach the engine and wait there, then make one change above the threshold.
    await new Promise((r) => setTimeout(r, 300));
    const id = randomUUID();
    await t.db.pool.query(
      `INSERT INTO organizations (id, workspace_id, name, city, notes) VALUES ($1, $2, 'Long Notes Diner', 'Austin', $3)`,
      [id, a.workspaceId, 'Orders produce on Mondays and dairy on Thursdays. '.repeat(40)],
    );
    const [brA, brB, gzip, plain] = await Promise.all(polls);
    for (const r of [brA!, brB!, gzip!, plain!]) {
      expect(r.status).toBe(200);
      expect(r.text).toBe(plain!.text);
    }
    expect(plain!.wireBytes).toBeGreaterThan(COMPRESS_THRESHOLD_BYTES);
    expect(plain!.headers['content-encoding']).toBeUndefined();
    expect([brA!.headers['content-encoding'], brB!.headers['content-encoding'], gzip!.headers['content-encoding']]).toEqual(['br', 'br', 'gzip']);
    expect(brA!.wireBytes).toBe(brB!.wireBytes);
    expect(brA!.wireBytes).toBeLessThan(plain!.wireBytes / 3);
    expect(brA!.headers['content-length']).toBe(String(brA!.wireBytes));
    expect(brA!.headers.vary).toMatch(/authorization/i);
    expect(brA!.headers.vary).toMatch(/accept-encoding/i);
    const messages = JSON.parse(plain!.text) as Array<{ key?: string; headers: { operation?: string; control?: string } }>;
    expect(messages.find((m) => m.key?.includes(id))?.headers.operation).toBe('insert');
    expect(messages.at(-1)?.headers.control).toBe('up-to-date');
  });
});

describe('error answers', () => {
  it('keeps a 4xx problem JSON readable, compressed when large and plain when small', async () => {
    const longKey = 'x'.repeat(2 * COMPRESS_THRESHOLD_BYTES);
    const body = JSON.stringify({
      mutations: [
        { ...mutation('organizations', 'insert', randomUUID(), { name: 'A' }), [longKey]: 1 },
      ],
    });
    const large = await raw('POST', '/v1/mutations', { 'accept-encoding': 'gzip' }, body);
    expect(large.status).toBe(400);
    expect(large.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(large.text).error).toMatchObject({
      code: 'invalid_request',
      field: `mutations.0.${longKey}`,
    });

    const small = await raw('GET', '/v1/shape?table=organizations&offset=-1', {
      'accept-encoding': 'gzip',
      authorization: 'Bearer nope',
    });
    expect(small.status).toBe(401);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.text).error.code).toEqual(expect.any(String));

    const viaCall = await call(t.url, 'GET', '/v1/shape?table=no_such_table&offset=-1', { token });
    expect(viaCall.status).toBe(400);
    expect(viaCall.body.error).toMatchObject({ field: 'table' });
  });
});
