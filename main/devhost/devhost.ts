/**
 * The dev host: the desktop core's channel table served to a browser over HTTP
 * (POST /api/channel/<name>) and its events over a WebSocket (/api/events), with
 * the renderer's built files. It is what `npm run web` and the e2e suite use
 * where the Electron binary is not available; the renderer cannot tell it from
 * Electron's preload.
 *
 * Loopback only, and only under its own loopback names: every request's Host
 * (and Origin, when a browser sends one) must be this server's, which keeps DNS
 * rebinding pages out (request-guard.ts). Every API request must also carry the
 * `x-pantry-devhost` header: a page from another origin cannot add it without a
 * CORS preflight, which is never granted, so other local web pages cannot drive
 * the core.
 *
 * Answers: a channel's envelope as is (`{ ok: true, value }`, or `{ ok: false,
 * error }` for its expected failures), with invalid input a 400 and an unknown
 * channel a 404; anything the transport refuses is a 4xx with the same
 * `{ ok: false, error: { code, message, field? } }` envelope.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { z } from 'zod';
import { findChannel, invokeChannel, type ChannelDef, type ChannelResult } from '../ipc/channel.ts';
import type { EventSubscribe } from '../ipc/events.ts';
import { eventSocketServer } from './event-socket.ts';
import { Refusal, sendJson, sendRefusal } from './http-answers.ts';
import { allowedAuthorities, checkHostAndOrigin } from './request-guard.ts';
import { decodePathPart, requestPath } from './request-path.ts';
import { serveStatic } from './static-files.ts';

export const DEVHOST_HEADER = 'x-pantry-devhost';
const MAX_BODY = 10 * 1024 * 1024;
const CHANNEL_PREFIX = '/api/channel/';

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

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Refusal(413, { code: 'too_large', message: 'request body too large', field: 'body' });
    parts.push(chunk as Buffer);
  }
  const body = Buffer.concat(parts).toString('utf8');
  try {
    return body.length ? JSON.parse(body) : undefined;
  } catch {
    throw new Refusal(400, { code: 'invalid_json', message: 'request body is not valid JSON', field: 'body' });
  }
}

/** A channel's own failures keep their envelope; the status says which kind they are. */
function statusOf(result: ChannelResult<unknown>): number {
  if (result.ok) return 200;
  if (result.error.code === 'invalid_input') return 400;
  if (result.error.code === 'internal') return 500;
  return 200;
}

export async function startDevHost<Ctx>(opts: DevHostOptions<Ctx>): Promise<RunningDevHost> {
  let allowed: ReadonlySet<string> = new Set();

  async function callChannel(req: IncomingMessage, res: ServerResponse, rawName: string) {
    if (req.method !== 'POST') throw new Refusal(405, { code: 'method_not_allowed', message: 'use POST', field: 'method' });
    if (req.headers[DEVHOST_HEADER] !== '1') {
      throw new Refusal(403, { code: 'forbidden', message: `missing ${DEVHOST_HEADER} header`, field: DEVHOST_HEADER });
    }
    const name = decodePathPart(rawName);
    const def = findChannel(opts.channels, name);
    if (!def) throw new Refusal(404, { code: 'unknown_channel', message: `no channel named ${JSON.stringify(name).slice(0, 200)}`, field: 'channel' });
    const input = await readJsonBody(req);
    const result = await invokeChannel(def, name, input, opts.ctx);
    sendJson(res, statusOf(result), result);
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const refusal = checkHostAndOrigin(req, allowed);
    if (refusal) throw refusal;
    const rawPath = requestPath(req.url);
    if (rawPath.startsWith(CHANNEL_PREFIX)) return callChannel(req, res, rawPath.slice(CHANNEL_PREFIX.length));
    if (req.method === 'GET' && rawPath === '/api/health') return sendJson(res, 200, { status: 'ok' });
    if (opts.staticDir && req.method === 'GET' && !rawPath.startsWith('/api/')) return serveStatic(path.resolve(opts.staticDir), rawPath, res);
    throw new Refusal(404, { code: 'not_found', message: `no route for ${String(req.method)} ${rawPath.slice(0, 200)}`, field: 'path' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof Refusal) return sendRefusal(res, err);
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } });
    });
  });

  // Accept failures (out of file descriptors) are the listener's, not a request's: say so, keep serving.
  server.on('error', (err) => process.stderr.write(`dev host: ${err.message}\n`));

  const events = eventSocketServer(opts.subscribe, () => allowed);
  server.on('upgrade', (req, socket, head) => events.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the dev host is not listening on a TCP port');
  allowed = allowedAuthorities(address.address, address.port);
  // Bound to every interface, the page is still opened at its loopback address (the names it answers to).
  const listening = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  const shown = listening.includes(':') ? `[${listening}]` : listening;
  return {
    url: `http://${shown}:${address.port}`,
    server,
    async close() {
      events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
