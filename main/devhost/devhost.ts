/**
 * The dev host: the desktop core's channel table served to a browser over HTTP
 * (POST /api/channel/<name>) and its events over a WebSocket (/api/events), with
 * the renderer's built files. It is what `npm run web` and the e2e suite use
 * where the Electron binary is not available; the renderer cannot tell it from
 * Electron's preload.
 *
 * Loopback only. Every API request must carry the `x-pantry-devhost` header: a
 * page from another origin cannot add it without a CORS preflight, which is
 * never granted, so other local web pages cannot drive the core.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { z } from 'zod';
import { invokeChannel, type ChannelDef } from '../ipc/channel.ts';
import type { EventSubscribe } from '../ipc/events.ts';

export const DEVHOST_HEADER = 'x-pantry-devhost';
const MAX_BODY = 10 * 1024 * 1024;

export interface DevHostOptions<Ctx> {
  channels: Record<string, ChannelDef<z.ZodType, z.ZodType, Ctx>>;
  ctx: Ctx;
  subscribe: EventSubscribe;
  /** Built renderer (index.html + assets); omitted in API-only tests. */
  staticDir?: string;
  host?: string;
  port?: number;
}

export interface RunningDevHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body_too_large');
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

async function serveStatic(staticDir: string, urlPath: string, res: ServerResponse) {
  const safe = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(staticDir, safe);
  if (!file.startsWith(staticDir)) return sendJson(res, 404, { error: { code: 'not_found', message: 'not found' } });
  const info = await stat(file).catch(() => null);
  // Client-side routes fall back to the single page.
  if (!info || info.isDirectory()) file = path.join(staticDir, 'index.html');
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    // The same policy Electron's window applies: nothing but our own files and our own API.
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  });
  createReadStream(file).pipe(res);
}

export async function startDevHost<Ctx>(opts: DevHostOptions<Ctx>): Promise<RunningDevHost> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/api/channel/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use POST' } });
        if (req.headers[DEVHOST_HEADER] !== '1') {
          return sendJson(res, 403, { error: { code: 'forbidden', message: `missing ${DEVHOST_HEADER} header` } });
        }
        const name = decodeURIComponent(url.pathname.slice('/api/channel/'.length));
        let input: unknown;
        try {
          const body = await readBody(req);
          input = body.length ? JSON.parse(body) : undefined;
        } catch (err) {
          const tooLarge = err instanceof Error && err.message === 'body_too_large';
          return sendJson(res, tooLarge ? 413 : 400, {
            ok: false,
            error: { code: tooLarge ? 'too_large' : 'invalid_json', message: tooLarge ? 'request body too large' : 'request body is not valid JSON' },
          });
        }
        const result = await invokeChannel(opts.channels[name], name, input, opts.ctx);
        return sendJson(res, 200, result);
      }
      if (req.method === 'GET' && url.pathname === '/api/health') return sendJson(res, 200, { status: 'ok' });
      if (opts.staticDir && req.method === 'GET') return await serveStatic(path.resolve(opts.staticDir), url.pathname, res);
      return sendJson(res, 404, { error: { code: 'not_found', message: `no route for ${req.method} ${url.pathname}` } });
    } catch (err) {
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } });
    }
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Browsers send Origin on WebSocket upgrades: only our own page may listen.
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (url.pathname !== '/api/events' || (origin && host && new URL(origin).host !== host)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = opts.subscribe((event) => ws.send(JSON.stringify(event)));
      ws.on('close', unsubscribe);
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    server,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
