/**
 * A snapshot page as a desktop's first download reads it (bulk-fetch.ts)
 * against the real server: a page above the shared compression cache, which
 * the compression plugin sends as a stream, arrives as brotli (the desktop asks
 * for `br, gzip`), as gzip when only that is asked, and decodes to the very
 * text an uncompressed answer carries, with the Electric headers intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBigCatalog, createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { bulkFetch, bulkFetchSettings } from '../client/server-link/bulk-fetch.ts';
import { CompressedBodies } from '../server/http/shared-compression.ts';
import { createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let token: string;
const asked = bulkFetchSettings.acceptEncoding;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'bulk');
  const g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  await addBigCatalog(t.db.pool, a.workspaceId, g.principalId);
  token = (await login(t.url, a.emails.rep)).token;
}, 60_000);
afterAll(async () => {
  bulkFetchSettings.acceptEncoding = asked;
  await t?.close();
});

describe('a big snapshot page read with bulkFetch', () => {
  it('comes as brotli, or gzip when only that is asked, and decodes to the identity text', async () => {
    const url = `${t.url}/v1/shape?table=products&offset=-1`;
    const get = async (acceptEncoding: string) => {
      bulkFetchSettings.acceptEncoding = acceptEncoding;
      const res = await bulkFetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return { res, text: await res.text() };
    };
    const plain = await get('identity');
    // Above what the shared cache takes: the plugin's streamed compression is what is read here.
    expect(Buffer.byteLength(plain.text)).toBeGreaterThan(new CompressedBodies().maxBodyBytes);
    const rows = (JSON.parse(plain.text) as { headers: { operation?: string } }[]).filter((m) => m.headers.operation === 'insert');
    expect(rows.length).toBeGreaterThanOrEqual(1200);
    for (const encoding of [asked, 'gzip']) {
      const packed = await get(encoding);
      expect(packed.text).toBe(plain.text);
      expect(packed.res.headers.get('content-encoding')).toBeNull();
      expect(packed.res.headers.get('electric-handle')).toBe(plain.res.headers.get('electric-handle'));
      expect(packed.res.headers.get('electric-offset')).toBe(plain.res.headers.get('electric-offset'));
    }
  });
});
