/**
 * The engine on its own HTTP listener, with Electric's routes: GET/OPTIONS/DELETE
 * /v1/shape, GET /v1/health, GET /. Shape routes need the `secret` query param (Electric's
 * ELECTRIC_SECRET); the check runs after path normalisation, so `/v1//shape` or
 * `/v1/%73hape` cannot route to the shape handler while skipping it (Electric #4765).
 * Binds to 127.0.0.1 by default: it is meant to sit behind the product's auth proxy.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { definitionFromQuery, InvalidRequestError, protocolFromQuery } from './definition.ts';
import { errorResponse, type ShapeResponse } from './serve-shape.ts';
import type { ShapeEngine } from './shape-engine.ts';

export const shapeHttpServerOptionsSchema = z.object({
  secret: z.string().min(16, 'the secret must be at least 16 characters'),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(0),
  /** Electric's ELECTRIC_ENABLE_SHAPE_DELETION (off by default). */
  allowShapeDeletion: z.boolean().default(false),
});
export type ShapeHttpServerOptions = z.input<typeof shapeHttpServerOptionsSchema>;

export interface ShapeHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const EXPOSED = [
  'electric-cursor',
  'electric-handle',
  'electric-has-data',
  'electric-offset',
  'electric-schema',
  'electric-up-to-date',
  'electric-internal-known-error',
  'retry-after',
].join(',');

function normalizePath(raw: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(raw);
  } catch {
    return null;
  }
  p = p.replace(/\/{2,}/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

function secretMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  // Hash both sides: timingSafeEqual needs equal lengths and must not leak the length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function send(req: IncomingMessage, res: ServerResponse, r: ShapeResponse, cors: boolean): void {
  const headers: Record<string, string> = { ...r.headers };
  if (cors) {
    headers['access-control-allow-origin'] = req.headers.origin ?? '*';
    headers['access-control-allow-methods'] = 'GET, POST, HEAD, DELETE, OPTIONS';
    headers['access-control-expose-headers'] = EXPOSED;
    if (req.headers.origin) headers.vary = 'Origin';
  }
  res.writeHead(r.status, headers);
  res.end(r.body);
}

export async function startShapeHttpServer(
  engine: ShapeEngine,
  options: ShapeHttpServerOptions,
): Promise<ShapeHttpServer> {
  const opts = shapeHttpServerOptionsSchema.parse(options);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = normalizePath(url.pathname);
    if (path === null)
      return send(req, res, errorResponse(400, { message: 'Malformed URL path' }), false);

    if (path === '/') return send(req, res, { status: 200, headers: {}, body: '' }, false);
    if (path === '/v1/health' && req.method === 'GET') {
      const status = engine.status;
      const r = {
        status: status === 'active' ? 200 : 202,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-cache, no-store, must-revalidate',
        },
        body: JSON.stringify({ status: status === 'active' ? 'active' : 'starting' }),
      };
      return send(req, res, r, false);
    }
    if (path !== '/v1/shape')
      return send(req, res, errorResponse(404, { message: 'Not found' }), false);

    if (req.method === 'OPTIONS') {
      const requested = String(req.headers['access-control-request-headers'] ?? '')
        .toLowerCase()
        .split(',')
        .map((h) => h.trim());
      const allowed = requested.filter((h) => h === 'if-none-match' || h === 'traceparent');
      const headers: Record<string, string> = { 'access-control-max-age': '86400' };
      if (allowed.length) headers['access-control-allow-headers'] = allowed.join(', ');
      return send(req, res, { status: 204, headers, body: '' }, true);
    }
    if (
      !secretMatches(
        url.searchParams.get('secret') ?? url.searchParams.get('api_secret'),
        opts.secret,
      )
    ) {
      return send(
        req,
        res,
        errorResponse(401, { message: 'Unauthorized - Invalid API secret' }),
        true,
      );
    }

    try {
      return await handleShape(req, res, url);
    } catch (e) {
      if (!(e instanceof InvalidRequestError)) throw e;
      const r = errorResponse(400, { message: 'Invalid request', errors: e.errors });
      return send(req, res, r, true);
    }
  };

  const handleShape = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const aborter = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborter.abort();
      });
      const definition = definitionFromQuery(url.searchParams);
      const ifNoneMatch =
        typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined;
      const protocol = protocolFromQuery(url.searchParams);
      const r = await engine.serveShape(definition, protocol, aborter.signal, { ifNoneMatch });
      if (!res.destroyed) send(req, res, req.method === 'HEAD' ? { ...r, body: '' } : r, true);
      return;
    }
    if (req.method === 'DELETE') {
      if (!opts.allowShapeDeletion) {
        return send(req, res, errorResponse(404, { message: 'Shape deletion is disabled' }), true);
      }
      const handle = url.searchParams.get('handle') ?? undefined;
      const deleted = engine.deleteShape(definitionFromQuery(url.searchParams), handle);
      const r = deleted
        ? { status: 202, headers: {}, body: '' }
        : errorResponse(404, { message: 'Shape not found' });
      return send(req, res, r, true);
    }
    const r = errorResponse(405, { message: `Method ${req.method} not allowed` });
    return send(req, res, r, true);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(req, res, errorResponse(500, { message: (e as Error).message }), false);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
