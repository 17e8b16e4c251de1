/**
 * GET /v1/shape?table=<replicated table>&<Electric protocol params>
 *
 * Authenticates, decides the shape (shape-definition.ts), and forwards to the
 * configured ShapeBackend with an AbortSignal the access watch fires when the
 * device is revoked or the member removed (-> 401 at once, even mid long-poll)
 * or when a resync is forced (-> served again under the new generation, which
 * answers the old handle with 409 must-refetch and a new handle).
 *
 * Responses carry Electric's status, electric-* headers and body. Because the
 * URL does not say whose data it is, caching is made private and varies on
 * Authorization: a shared cache must never hand one user's shape to another.
 * Backend errors other than 409 become `{ error: { code, message } }`.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { deviceWipedProblem, tokenWiped } from '../access/device-wipe.ts';
import { findSessions } from '../auth/sessions.ts';
import { requireShapeSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem } from '../http/problem.ts';
import { CompressedBodies, negotiateEncoding } from '../http/shared-compression.ts';
import type { ShapeResponse } from './shape-backend.ts';
import { MemberIdsCache } from './member-ids-cache.ts';
import { memberIdsOf, sessionShapeDefinition } from './session-shape.ts';
import { parseShapeQuery } from './shape-definition.ts';

/** Response headers a client may read (CORS exposes them; a missing electric-* header is fatal to the client). */
export const ELECTRIC_EXPOSED_HEADERS = [
  'electric-cursor', 'electric-handle', 'electric-has-data', 'electric-offset', 'electric-schema',
  'electric-up-to-date', 'electric-internal-known-error', 'electric-snapshot', 'retry-after', 'etag',
];

/** How long a workspace's member list serves `users` requests (member-ids-cache.ts). */
const MEMBER_IDS_TTL_MS = 5000;

const KEPT = new Set(['content-type', 'retry-after', 'expires', 'last-modified']);

/**
 * The engine's ETag names an answer's rows, but this route may send those rows
 * as br, gzip or identity (http/compression.ts): byte-different bodies, which a
 * strong validator would have to tell apart. So the route hands the validator
 * out weak (`W/"..."`, "the same content"), the way nginx does when it
 * compresses, and takes the weak prefix off a client's If-None-Match before the
 * engine compares it: a 304 still answers any encoding of the same rows.
 */
export function weakEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}
export function engineEtag(ifNoneMatch: string): string {
  return ifNoneMatch.startsWith('W/') ? ifNoneMatch.slice(2) : ifNoneMatch;
}

function copyHeaders(reply: FastifyReply, upstream: Record<string, string>): void {
  for (const [name, value] of Object.entries(upstream)) {
    const n = name.toLowerCase();
    if (n === 'etag') reply.header(n, weakEtag(value));
    else if (n.startsWith('electric-') || KEPT.has(n)) reply.header(n, value);
    else if (n === 'cache-control') reply.header(n, value.replace(/\bpublic\b/g, 'private').replace(/,?\s*s-maxage=\d+/g, ''));
  }
  // Keep what CORS already varies on (Origin) and add the token.
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, authorization` : 'authorization');
}

async function bodyText(body: ShapeResponse['body']): Promise<string> {
  if (body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return new Response(body).text();
}

/** Turns an upstream error body (Electric's `{message, errors}` or ours) into one readable line. */
function upstreamMessage(text: string, status: number): string {
  try {
    const json = JSON.parse(text) as { message?: unknown; errors?: unknown; error?: { message?: unknown } };
    const message = json.error?.message ?? json.message;
    const details = json.errors ? ` ${JSON.stringify(json.errors)}` : '';
    if (typeof message === 'string') return `${message}${details}`.slice(0, 2000);
  } catch {
    // not JSON: fall through to the raw text
  }
  return (text.trim() || `the shape service answered ${status}`).slice(0, 2000);
}

/**
 * A text answer compressed through the shared cache (http/shared-compression.ts):
 * the long polls a change answers all get the same bytes, compressed once.
 * False: not handled here, the compression plugin decides as for any answer.
 */
function sendShared(reply: FastifyReply, body: string, shared: CompressedBodies): boolean {
  const request = reply.request;
  if (request.headers['x-no-compression'] !== undefined) return false;
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  if (!encoding) return false;
  const packed = shared.get(body, encoding);
  if (!packed) return false;
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/\baccept-encoding\b/i.test(vary)) reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
  // Set before send: the plugin passes an already encoded answer through untouched.
  reply.header('content-encoding', encoding).header('content-length', packed.length);
  void reply.send(packed);
  return true;
}

async function send(reply: FastifyReply, res: ShapeResponse, log: (msg: string) => void, shared: CompressedBodies): Promise<FastifyReply> {
  if (res.status === 401 || res.status === 403) {
    log(`the shape backend refused the server (${res.status}): check ELECTRIC_SECRET`);
    await bodyText(res.body).catch(() => '');
    throw new HttpProblem(502, 'shape_backend_refused', 'the shape service refused this server; an admin must check its secret');
  }
  copyHeaders(reply, res.headers);
  reply.code(res.status);
  if (res.status >= 400 && res.status !== 409) {
    const code = res.status >= 500 || res.status === 429 ? 'shape_backend_unavailable' : 'invalid_shape_request';
    reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
    return reply.send({ error: { code, message: upstreamMessage(await bodyText(res.body), res.status) } });
  }
  if (res.body === null) return reply.send();
  if (typeof res.body === 'string' && sendShared(reply, res.body, shared)) return reply;
  if (typeof res.body === 'string' || res.body instanceof Uint8Array) return reply.send(Buffer.from(res.body));
  return reply.send(Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>));
}

export async function shapeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const shared = new CompressedBodies();
  const memberIds = new MemberIdsCache(() => ctx.access.epoch, MEMBER_IDS_TTL_MS);
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireShapeSession(ctx));

    scope.get('/v1/shape', async (request, reply) => {
      let session = sessionOf(request);
      const { table, protocol } = parseShapeQuery(request.query as Record<string, unknown>);
      const asked = request.headers['if-none-match'];
      const ifNoneMatch = asked ? engineEtag(asked) : undefined;
      const log = (msg: string) => request.log.warn(msg);

      // At most one re-serve: after a forced resync, under the device's new generation.
      for (let attempt = 0; ; attempt++) {
        const tracked = ctx.access.track(session, attempt === 0 ? request.authEpoch : undefined);
        const onClose = () => {
          if (!reply.raw.writableFinished) tracked.abort('client_closed');
          tracked.release();
        };
        reply.raw.once('close', onClose);
        const s = session;
        const members = table === 'users' ? await memberIds.get(s.workspaceId, () => memberIdsOf(ctx.pool, s.userId, s.workspaceId)) : undefined;
        const def = await sessionShapeDefinition(ctx.pool, session, table, members);
        try {
          const res = await ctx.shapeBackend.serve(def, protocol, tracked.signal, ifNoneMatch ? { ifNoneMatch } : {});
          if (tracked.signal.aborted) throw tracked.signal.reason;
          return await send(reply, res, log, shared);
        } catch (err) {
          const reason = tracked.reason();
          reply.raw.off('close', onClose);
          tracked.release();
          if (err instanceof HttpProblem) throw err;
          if (reason === 'revoked') {
            ctx.access.liveSessions.delete(session.tokenHash.toString('hex'));
            if (await tokenWiped(ctx.pool, session.tokenHash)) throw deviceWipedProblem();
            throw new HttpProblem(401, 'session_revoked', 'access ended: the device was revoked or the account removed from the workspace', undefined, {
              'www-authenticate': 'Bearer realm="pantry"',
            });
          }
          if (reason === 'resync' && attempt === 0) {
            const fresh = (await findSessions(ctx.pool, [session.tokenHash])).get(session.tokenHash.toString('hex'));
            if (!fresh) throw new HttpProblem(401, 'session_revoked', 'access ended: sign in again');
            session = fresh;
            ctx.access.liveSessions.delete(session.tokenHash.toString('hex'));
            continue;
          }
          if (reason === 'client_closed') {
            // Nobody is listening any more; end quietly.
            reply.hijack();
            reply.raw.destroy();
            return reply;
          }
          if (reason === 'shutdown') {
            throw new HttpProblem(503, 'shutting_down', 'the server is restarting; retry shortly', undefined, { 'retry-after': '2' });
          }
          request.log.error({ err }, 'shape backend failed');
          throw new HttpProblem(503, 'shape_backend_unavailable', 'the shape service is not reachable right now; retrying later will work', undefined, {
            'retry-after': '5',
          });
        }
      }
    });
  });
}
