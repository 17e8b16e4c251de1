/**
 * bulkFetch against a real HTTP server on loopback: each encoding decodes to
 * the same text, the caller's headers go out, and what goes wrong (an abort, a
 * stalled or cut answer, a body that decodes too big, an encoding not asked
 * for) rejects instead of hanging or handing over half an answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bulkFetch, bulkFetchSettings } from './bulk-fetch.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let base: string;
let handler: Handler = (_req, res) => res.end();
const defaults = { ...bulkFetchSettings };

beforeAll(async () => {
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => Object.assign(bulkFetchSettings, defaults));

/** A snapshot-like answer: many similar messages, and text beyond ASCII. */
const BODY = JSON.stringify(
  Array.from({ length: 5000 }, (_, i) => ({
    key: `"public"."interactions"/"${i}"`,
    value: { id: String(i), notes: `Crème brûlée tasting ${i} — 試食 ✓` },
    headers: { operation: 'insert', relation: ['public', 'interactions'] },
  })),
);

const ENCODED: Record<string, (b: Buffer) => Buffer> = {
  identity: (b) => b,
  gzip: (b) => gzipSync(b),
  // Quality 4, as the server compresses (its default, 11, takes seconds here).
  br: (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
};

/** Answers BODY in the encoding the request asked for first, and records what it was asked. */
function serveBody(seen: http.IncomingHttpHeaders[]): Handler {
  return (req, res) => {
    seen.push(req.headers);
    const asked = String(req.headers['accept-encoding'] ?? 'identity').split(',')[0]!.trim();
    const bytes = ENCODED[asked]!(Buffer.from(BODY));
    res.writeHead(200, {
      'content-type': 'application/json',
      'electric-handle': 'h-1',
      ...(asked === 'identity' ? {} : { 'content-encoding': asked }),
      'content-length': bytes.length,
    });
    res.end(bytes);
  };
}

describe('bulkFetch', () => {
  it('asks for brotli then gzip, sends the caller headers, and decodes each encoding to the same text', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    handler = serveBody(seen);
    for (const asked of ['br, gzip', 'gzip', 'identity']) {
      bulkFetchSettings.acceptEncoding = asked;
      const res = await bulkFetch(`${base}/v1/shape?table=interactions`, {
        headers: { authorization: 'Bearer t-1' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('electric-handle')).toBe('h-1');
      // The body is decoded here: saying it is still encoded (or its encoded length) would be wrong.
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('content-length')).toBeNull();
      expect(await res.text()).toBe(BODY);
    }
    expect(seen.map((h) => [h['accept-encoding'], h.authorization])).toEqual([
      ['br, gzip', 'Bearer t-1'],
      ['gzip', 'Bearer t-1'],
      ['identity', 'Bearer t-1'],
    ]);
    // The encoded answers really were smaller: the decoding was exercised, not skipped.
    expect(ENCODED.br!(Buffer.from(BODY)).length).toBeLessThan(BODY.length / 5);
  });

  it('hands over statuses as they are: a 409 with its body, a 204 without one', async () => {
    handler = (req, res) => {
      if (req.url === '/gone') {
        res.writeHead(409, { 'content-type': 'application/json', 'electric-handle': 'h-2' });
        res.end('[{"headers":{"control":"must-refetch"}}]');
      } else {
        res.writeHead(204);
        res.end();
      }
    };
    const gone = await bulkFetch(`${base}/gone`);
    expect(gone.status).toBe(409);
    expect(gone.headers.get('electric-handle')).toBe('h-2');
    expect(await gone.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    const empty = await bulkFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('rejects when the caller aborts, before or during the request', async () => {
    handler = () => {}; // never answers
    const before = new AbortController();
    before.abort();
    await expect(bulkFetch(`${base}/x`, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const pending = bulkFetch(`${base}/x`, { signal: during.signal });
    setTimeout(() => during.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails a stalled answer after the idle timeout, and an answer cut before its end', async () => {
    bulkFetchSettings.idleTimeoutMs = 200;
    handler = (req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('x'.repeat(100));
      if (req.url === '/cut') setTimeout(() => res.destroy(), 20); // the rest never comes
    };
    await expect(bulkFetch(`${base}/stall`)).rejects.toThrow(/no bytes from 127\.0\.0\.1:\d+ for 0\.2 s/);
    await expect(bulkFetch(`${base}/cut`)).rejects.toThrow();
  });

  it('refuses a body past the bound, sent or decoded, and an encoding it did not ask for', async () => {
    bulkFetchSettings.maxDecodedBytes = 1024 * 1024;
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024)); // 4 MiB of zeros in ~4 KiB
    handler = (req, res) => {
      if (req.url === '/big') {
        // Plain bytes past the bound, sent in pieces: refused while they come, not after.
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 4; i++) res.write(Buffer.alloc(512 * 1024, 32));
        res.end();
        return;
      }
      const bytes = req.url === '/bomb' ? bomb : deflateSync(Buffer.from(BODY));
      res.writeHead(200, { 'content-encoding': req.url === '/bomb' ? 'gzip' : 'deflate', 'content-length': bytes.length });
      res.end(bytes);
    };
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(bulkFetch(`${base}/bomb`)).rejects.toThrow(/Cannot create a Buffer larger than|exceeds|larger/i);
    await expect(bulkFetch(`${base}/deflate`)).rejects.toThrow(/encoding that was not asked for: deflate/);
    await expect(bulkFetch(`${base}/big`)).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('sends GET only, to http(s) URLs', async () => {
    await expect(bulkFetch(`${base}/x`, { method: 'POST' })).rejects.toThrow(/only sends GET/);
    await expect(bulkFetch('ftp://127.0.0.1/x')).rejects.toThrow(/cannot fetch ftp: URLs/);
  });
});
