/**
 * Compression done once per distinct answer instead of once per response.
 *
 * A change to a table answers every long poll waiting on its shape with the
 * same bytes; @fastify/compress (compression.ts) would brotli them once per
 * client. The shape route compresses a text body through this cache instead and
 * sets Content-Encoding itself, which the plugin then leaves alone. Same bytes
 * in, same bytes out: keyed by the body text, so no protocol knowledge is needed
 * for it to be right. Same negotiation and settings as the plugin.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { COMPRESS_THRESHOLD_BYTES, RESPONSE_ENCODINGS } from './compression.ts';

export type ResponseEncoding = (typeof RESPONSE_ENCODINGS)[number];

/**
 * The encoding to answer with for an Accept-Encoding header: the accepted one
 * with the highest q, ties going to the server's preference (br, then gzip);
 * `*` and `x-gzip` count as gzip, as the plugin reads them. Undefined: identity.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [rawName, ...params] = part.split(';');
    let name = rawName!.trim();
    if (name === '*' || name === 'x-gzip') name = 'gzip';
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    if (!Number.isFinite(weight)) continue;
    q.set(name, Math.max(q.get(name) ?? 0, weight));
  }
  let best: ResponseEncoding | undefined;
  let bestQ = 0;
  for (const enc of RESPONSE_ENCODINGS) {
    const w = q.get(enc) ?? 0;
    if (w > bestQ) {
      best = enc;
      bestQ = w;
    }
  }
  return best;
}

/** Brotli at quality 4, the plugin's setting (compression.ts); gzip at zlib's default. */
function compress(body: Buffer, encoding: ResponseEncoding): Buffer {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return gzipSync(body);
}

/**
 * Recent compressed bodies, least recently used dropped first, bounded in
 * bytes. Only bodies from the plugin's threshold up to `maxBodyBytes` are
 * handled here: a live answer is small; a big catch-up or snapshot chunk is
 * rarely asked for twice in a row, and the plugin compresses it as a stream
 * instead of blocking the event loop.
 */
export class CompressedBodies {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 8 * 1024 * 1024,
    readonly maxBodyBytes = 256 * 1024,
  ) {}

  /** The body compressed with `encoding`; undefined: not handled here (the plugin decides as for any answer). */
  get(body: string, encoding: ResponseEncoding): Buffer | undefined {
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit: cheap bounds before counting bytes.
    if (body.length * 3 < COMPRESS_THRESHOLD_BYTES || body.length > this.maxBodyBytes) return undefined;
    const key = `${encoding}\n${body}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place in the LRU order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const plain = Buffer.from(body, 'utf8');
    if (plain.length < COMPRESS_THRESHOLD_BYTES || plain.length > this.maxBodyBytes) return undefined;
    const packed = compress(plain, encoding);
    this.keep(key, packed);
    return packed;
  }

  private keep(key: string, packed: Buffer): void {
    this.entries.set(key, packed);
    this.bytes += key.length + packed.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= k.length + v.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
