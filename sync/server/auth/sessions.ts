/**
 * Bearer tokens and the sessions they stand for. A token is 32 random bytes
 * (base64url); the database keeps only its sha256, so neither a database copy
 * nor a log line yields a usable token. A session is valid while it is not
 * expired or revoked, its device is not revoked, its membership is live and
 * its user is enabled: crm.auth_sessions_check decides all of that in one query.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { memberRole, type MemberRole } from '../../schema/enums.ts';
import { deviceWipedProblem, tokenWiped } from '../access/device-wipe.ts';
import { HttpProblem } from '../http/problem.ts';

export interface Session {
  sessionId: string;
  tokenHash: Buffer;
  userId: string;
  email: string;
  displayName: string;
  workspaceId: string;
  workspaceName: string;
  role: MemberRole;
  deviceId: string;
  deviceName: string;
  platform: string;
  appVersion: string | null;
  resyncRequestedAt: Date | null;
  expiresAt: Date;
  lastUsedAt: Date;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const sessionRow = z.object({
  token_hash: z.instanceof(Buffer),
  session_id: z.string(),
  user_id: z.string(),
  email: z.string(),
  display_name: z.string(),
  workspace_id: z.string(),
  workspace_name: z.string(),
  role: memberRole,
  device_id: z.string(),
  device_name: z.string(),
  platform: z.string(),
  app_version: z.string().nullable(),
  resync_requested_at: z.date().nullable(),
  expires_at: z.date(),
  last_used_at: z.date(),
});

/** The valid sessions among these token hashes, keyed by the hash in hex. */
export async function findSessions(pool: pg.Pool, hashes: Buffer[]): Promise<Map<string, Session>> {
  const found = new Map<string, Session>();
  if (hashes.length === 0) return found;
  const { rows } = await pool.query('SELECT * FROM crm.auth_sessions_check($1::bytea[])', [hashes]);
  for (const raw of rows) {
    const r = sessionRow.parse(raw);
    found.set(r.token_hash.toString('hex'), {
      sessionId: r.session_id,
      tokenHash: r.token_hash,
      userId: r.user_id,
      email: r.email,
      displayName: r.display_name,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      role: r.role,
      deviceId: r.device_id,
      deviceName: r.device_name,
      platform: r.platform,
      appVersion: r.app_version,
      resyncRequestedAt: r.resync_requested_at,
      expiresAt: r.expires_at,
      lastUsedAt: r.last_used_at,
    });
  }
  return found;
}

function unauthorized(code: string, message: string): HttpProblem {
  return new HttpProblem(401, code, message, undefined, { 'www-authenticate': 'Bearer realm="pantry"' });
}

/** The sha256 of the token in an `Authorization: Bearer <token>` header, or a 401 saying what to send. */
export function bearerTokenHash(authorization: string | undefined): Buffer {
  if (!authorization) throw unauthorized('unauthenticated', 'sign in first: send Authorization: Bearer <token> from POST /v1/auth/login');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m || !TOKEN.test(m[1]!)) throw unauthorized('invalid_token', 'the Authorization header must be "Bearer <token>" with a token from POST /v1/auth/login');
  return hashToken(m[1]!);
}

/** The session of an `Authorization: Bearer <token>` header, or a 401 saying what to do. */
export async function authenticate(pool: pg.Pool, authorization: string | undefined, onTouchError: (e: Error) => void): Promise<Session> {
  const hash = bearerTokenHash(authorization);
  const session = (await findSessions(pool, [hash])).get(hash.toString('hex'));
  if (!session) {
    if (await tokenWiped(pool, hash)) throw deviceWipedProblem();
    throw unauthorized(
      'session_expired',
      'this token is expired or revoked, its device was revoked, or the account was removed from the workspace: sign in again',
    );
  }
  // Last-seen stamps are written at most once a minute, and never on the request's critical path.
  if (Date.now() - session.lastUsedAt.getTime() > 60_000) {
    pool.query('SELECT crm.auth_touch_session($1)', [session.sessionId]).catch(onTouchError);
  }
  return session;
}

/** What GET /v1/me and a successful login answer. */
export function describeSession(s: Session) {
  return {
    user: { id: s.userId, email: s.email, display_name: s.displayName },
    role: s.role,
    workspace: { id: s.workspaceId, name: s.workspaceName },
    device: {
      id: s.deviceId,
      name: s.deviceName,
      platform: s.platform,
      app_version: s.appVersion,
      resync_requested_at: s.resyncRequestedAt?.toISOString() ?? null,
    },
    expires_at: s.expiresAt.toISOString(),
  };
}
