/**
 * What every route plugin is given: settings, the request pool (logged in as
 * the authenticator), the sign-in throttle, the access watch of in-flight
 * shape requests, the shape backend, and the first-start setup state.
 * Also the request's session, set by the authentication hook of protected scopes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { AccessWatch } from '../access/access-watch.ts';
import { authenticate, bearerTokenHash, type Session } from '../auth/sessions.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { SetupState } from '../bootstrap/setup-state.ts';
import type { Settings } from '../config/settings.ts';
import type { ShapeBackend, ShapeStatsProvider } from '../shape-route/shape-backend.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    /** The access watch's epoch the session was read under (AccessWatch.track rechecks an older one). */
    authEpoch: number | undefined;
  }
}

export interface ServerContext {
  settings: Settings;
  pool: pg.Pool;
  throttle: LoginThrottle;
  access: AccessWatch;
  shapeBackend: ShapeBackend;
  /** The shape engine's statistics for the sync-health view, once an engine provides them. */
  shapeStats: ShapeStatsProvider | undefined;
  setup: SetupState;
}

/** The session of a request in a protected scope (the hook guarantees it). */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new Error(`route ${request.routeOptions.url} is not behind the authentication hook`);
  return request.session;
}

/** onRequest hook of protected scopes: 401 JSON unless a valid bearer token is sent. */
export function requireSession(ctx: ServerContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.authEpoch = ctx.access.epoch;
    request.session = await authenticate(ctx.pool, request.headers.authorization, (err) =>
      request.log.warn({ err }, 'could not stamp last-seen'),
    );
  };
}

/**
 * onRequest hook of the shape route: requireSession, except that a live long
 * poll may reuse a session read from PostgreSQL moments ago (see
 * access/live-session-cache.ts for why that is safe); every read refreshes the cache.
 */
export function requireShapeSession(ctx: ServerContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const hashHex = bearerTokenHash(request.headers.authorization).toString('hex');
    if ((request.query as Record<string, unknown> | undefined)?.live === 'true') {
      const hit = ctx.access.liveSessions.get(hashHex);
      if (hit) {
        request.session = hit.session;
        request.authEpoch = hit.epoch;
        return;
      }
    }
    const epoch = ctx.access.epoch;
    request.authEpoch = epoch;
    request.session = await authenticate(ctx.pool, request.headers.authorization, (err) =>
      request.log.warn({ err }, 'could not stamp last-seen'),
    );
    ctx.access.liveSessions.put(hashHex, request.session, epoch);
  };
}
