/**
 * Compressed answers: brotli or gzip when the client's Accept-Encoding asks for
 * one, identity otherwise. Shape snapshots are repetitive JSON (the same keys
 * and headers on every row), so a first sync moves a fraction of the bytes;
 * Node's fetch (undici), which the desktop's sync client and the official
 * ShapeStream use, asks for gzip on its own and decodes transparently.
 *
 * Registered before the routes: @fastify/compress hooks each route as it is
 * added, so a route registered earlier would answer uncompressed.
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Below this many bytes an answer goes out as is: a long poll's up-to-date
 * control message, a problem JSON or a mutation result fit in one packet
 * anyway, and compressing them costs more CPU than it saves bytes.
 */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** Server preference when a client accepts both: brotli (smaller at quality 4, the plugin's default), then gzip. */
export const RESPONSE_ENCODINGS = ['br', 'gzip'] as const;

export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: [...RESPONSE_ENCODINGS],
    // Request bodies stay plain JSON: accepting compressed uploads would let a small body
    // inflate past the body limit's intent, and no client of ours sends them.
    globalDecompression: false,
  });
}
