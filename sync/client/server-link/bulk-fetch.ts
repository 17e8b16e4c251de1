/**
 * A `fetch` for big GET answers (a snapshot's 2 MiB chunks, hundreds of them
 * in a first download): it asks for brotli or gzip like Node's fetch would,
 * but reads the compressed body whole and decodes it in one call on libuv's
 * thread pool, sized to the answer.
 *
 * Why not Node's fetch (undici): it decodes a compressed body as a stream of
 * 16 KiB pieces, each a round trip between the thread pool and the event
 * loop, so the sync thread kept stopping to wait for the next piece of the
 * answer it was about to parse, and ran the stream's own JavaScript for each
 * piece (at 100k interactions ~0.4 s of the sync thread, and ~0.8 s of it
 * idle waiting; bench/README.md, "Snapshot answers decoded in one piece").
 * Undici has no switch to hand over the encoded bytes, so this is plain
 * node:http(s). Brotli is asked for first: the server's brotli (quality 4)
 * costs it less CPU than gzip's default level and its answers are smaller.
 *
 * Only what the snapshot reader needs: GET, headers, an abort signal. The
 * answer is a standard Response (status, headers without Content-Encoding,
 * the decoded body), so the sync client's fetch wrapper (online state, a 401
 * signing out) wraps it like any fetch.
 */
import http from 'node:http';
import https from 'node:https';
import { brotliDecompress, gunzip, type ZlibOptions } from 'node:zlib';

/**
 * What bulkFetch asks for and bears, for the whole process. A process may
 * change them (the bench's identity pass asks for 'identity' to measure
 * uncompressed bytes; tests shorten the bounds); the server picks brotli when
 * it may.
 */
export const bulkFetchSettings = {
  acceptEncoding: 'br, gzip',
  /** A socket with no bytes for this long fails the request (the snapshot reader retries it). */
  idleTimeoutMs: 60_000,
  /** An answer larger than this, as sent or decoded, is refused: a snapshot chunk is 2 MiB here, 10 MB from Electric. */
  maxDecodedBytes: 256 * 1024 * 1024,
};

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const NULL_BODY_STATUS = new Set([204, 205, 304]);

export const bulkFetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  if (input instanceof Request) throw new TypeError('bulkFetch takes a URL, not a Request');
  const method = init?.method ?? 'GET';
  if (method !== 'GET') throw new TypeError(`bulkFetch only sends GET (asked: ${method})`);
  const url = new URL(input);
  const module = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!module) throw new TypeError(`bulkFetch cannot fetch ${url.protocol} URLs`);
  const headers: Record<string, string> = { 'accept-encoding': bulkFetchSettings.acceptEncoding };
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const signal = init?.signal ?? undefined;
  signal?.throwIfAborted();

  const { status, statusText, head, body } = await new Promise<{
    status: number;
    statusText: string;
    head: http.IncomingHttpHeaders;
    body: Buffer;
  }>((resolve, reject) => {
    const req = module.get(url, { agent: agents[url.protocol as keyof typeof agents], headers, signal }, (res) => {
      const parts: Buffer[] = [];
      let received = 0;
      res.on('data', (part: Buffer) => {
        received += part.length;
        // Encoded bytes are never more than decoded ones: the same bound holds them.
        if (received > bulkFetchSettings.maxDecodedBytes)
          req.destroy(new Error(`the answer from ${url.host} is larger than ${bulkFetchSettings.maxDecodedBytes} bytes`));
        else parts.push(part);
      });
      res.on('error', reject);
      // Closed before its last byte (the server or the network cut it): never half an answer.
      res.on('close', () => {
        if (!res.complete) reject(new Error(`${url.host} closed the answer before its end`));
      });
      res.on('end', () => {
        if (!res.complete) return;
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          head: res.headers,
          body: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
        });
      });
    });
    const idle = bulkFetchSettings.idleTimeoutMs;
    req.setTimeout(idle, () => req.destroy(new Error(`no bytes from ${url.host} for ${idle / 1000} s`)));
    req.on('error', reject);
  });

  const encoding = (head['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoded = await decode(encoding, body);
  const out = new Headers();
  for (const [name, value] of Object.entries(head)) {
    if (value === undefined || name === 'content-encoding' || name === 'content-length') continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  // A Buffer is a Uint8Array; the DOM typings want one over a plain ArrayBuffer.
  const bytes = decoded as Uint8Array<ArrayBuffer>;
  return new Response(NULL_BODY_STATUS.has(status) ? null : bytes, { status, statusText, headers: out });
}) as typeof fetch;

/** The whole body decoded in one call: the output buffer is sized to the answer (gzip says its size; brotli does not). */
function decode(encoding: string, body: Buffer): Promise<Buffer> {
  if (encoding === 'identity' || body.length === 0) return Promise.resolve(body);
  const max = bulkFetchSettings.maxDecodedBytes;
  const options = (chunkSize: number): ZlibOptions => ({
    // Bounded: the size comes from the server (or a guess), and this much is allocated at once.
    chunkSize: Math.min(Math.max(chunkSize, 64 * 1024), 32 * 1024 * 1024, max),
    maxOutputLength: max,
  });
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      // A gzip member ends with its uncompressed size (mod 2^32): one output buffer of that size.
      const size = body.length >= 4 ? body.readUInt32LE(body.length - 4) : 0;
      gunzip(body, options(size), done);
    } else if (encoding === 'br') {
      brotliDecompress(body, options(body.length * 8), done);
    } else {
      reject(new Error(`the server answered with an encoding that was not asked for: ${encoding}`));
    }
  });
}
