/**
 * POST /v1/auth/login, POST /v1/auth/logout, GET /v1/me, PATCH /v1/me/device {name}
 * (the signed-in desktop renames itself; sign-in also sends its name each time).
 *
 * Sign-in binds a token to a user, a workspace and a device. The workspace is
 * the user's only one unless `workspace_id` picks one; with several and none
 * picked, 409 `workspace_required` lists them. Pending invitations are not
 * memberships: `invitation_code` accepts one (the session then goes to that
 * workspace), and a person with no account signs in with the code as the
 * password plus `new_password` (sign-in-account.ts). A one-time password or an
 * invitation code must come with `new_password` (403 `password_change_required`
 * otherwise); any sign-in may change the password that way.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEVICE_PLATFORMS } from '../../schema/enums.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { isPgError } from '../database/as-user.ts';
import { PASSWORD } from './new-password.ts';
import { hashPassword } from '../../../server-migrations/identity/password-hash.ts';
import { describeSession, findSessions, newToken } from './sessions.ts';
import { lookupCandidates, proveAccount } from './sign-in-account.ts';
import { storableText } from './storable-text.ts';

/** How admins see a device in the list: chosen on the desktop ("Elena on laptop-7"). */
export const deviceName = storableText(z.string().trim().min(1).max(200));
const renameDeviceBody = z.strictObject({ name: deviceName });

export const loginBody = z.strictObject({
  email: storableText(z.email({ error: 'must be an email address' }).max(320)),
  password: storableText(z.string().min(1).max(200)),
  new_password: PASSWORD.optional(),
  invitation_code: storableText(z.string().trim().min(1).max(100)).optional(),
  workspace_id: z.uuid().optional(),
  device: z.strictObject({
    id: z.uuid({ error: 'must be a UUID generated once per installed client' }),
    name: deviceName,
    platform: z.enum(DEVICE_PLATFORMS),
    app_version: storableText(z.string().trim().min(1).max(50)).optional(),
  }),
});

export async function loginRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post('/v1/auth/login', async (request, reply) => {
    const body = parseOr400(loginBody, request.body, 'sign-in');
    const wait = await ctx.throttle.reserve(body.email, request.ip);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait));
      throw new HttpProblem(429, 'too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    }
    const account = await proveAccount(ctx.pool, body, () => ctx.throttle.succeeded(body.email, request.ip)).catch(async (err: unknown) => {
      if (err instanceof HttpProblem && err.code === 'invalid_credentials') await ctx.throttle.failed(body.email, request.ip);
      throw err;
    });
    const candidates = await lookupCandidates(ctx.pool, body.email);

    const memberships = candidates.filter((c) => c.workspace_id);
    let workspaceId: string;
    if (body.workspace_id) {
      if (!memberships.some((m) => m.workspace_id === body.workspace_id)) {
        throw new HttpProblem(403, 'not_a_member', 'you are not a member of that workspace', 'workspace_id');
      }
      workspaceId = body.workspace_id;
    } else if (account.invitedWorkspaceId) {
      workspaceId = account.invitedWorkspaceId;
    } else if (memberships.length === 1) {
      workspaceId = memberships[0]!.workspace_id!;
    } else if (memberships.length === 0) {
      throw new HttpProblem(403, 'no_workspace', 'your account is not a member of any workspace: ask an admin to add you');
    } else {
      const choices = memberships.map((m) => `${m.workspace_id} (${m.workspace_name}, ${m.role})`).join('; ');
      throw new HttpProblem(409, 'workspace_required', `you belong to ${memberships.length} workspaces; sign in again with workspace_id set to one of: ${choices}`, 'workspace_id');
    }

    if (body.new_password && !account.passwordSet) {
      await ctx.pool.query('SELECT crm.auth_set_password($1, $2)', [account.userId, await hashPassword(body.new_password)]);
    }
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + ctx.settings.tokenTtlMs);
    try {
      await ctx.pool.query('SELECT crm.auth_open_session($1, $2, $3, $4, $5, $6, $7, $8)', [
        account.userId, workspaceId, body.device.id, body.device.name, body.device.platform,
        body.device.app_version ?? null, hash, expiresAt,
      ]);
    } catch (err) {
      if (isPgError(err) && err.code === 'CRMD1') {
        throw new HttpProblem(409, 'device_conflict', 'this device id is registered to another account or workspace: use a new device id for this sign-in', 'device.id');
      }
      if (isPgError(err) && err.code === 'CRMD2') {
        throw new HttpProblem(403, 'device_revoked', 'an admin revoked this device: reset the app on it (a new device id) to sign in again', 'device.id');
      }
      if (isPgError(err) && err.code === 'CRMM1') {
        throw new HttpProblem(403, 'not_a_member', 'you are no longer a member of that workspace');
      }
      throw err;
    }
    const session = (await findSessions(ctx.pool, [hash])).get(hash.toString('hex'));
    if (!session) throw new Error('a session just opened is not valid');
    return reply.send({ token, token_type: 'Bearer', ...describeSession(session) });
  });

  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.post('/v1/auth/logout', async (request) => {
      const session = sessionOf(request);
      await ctx.pool.query('SELECT crm.auth_close_session($1)', [session.tokenHash]);
      return { signed_out: true };
    });

    scope.get('/v1/me', async (request) => describeSession(sessionOf(request)));

    scope.patch('/v1/me/device', async (request) => {
      const session = sessionOf(request);
      const { name } = parseOr400(renameDeviceBody, request.body, 'device');
      const { rows } = await ctx.pool.query<{ renamed: boolean }>('SELECT crm.auth_rename_device($1, $2) AS renamed', [
        session.tokenHash, name,
      ]);
      if (!rows[0]?.renamed) throw new HttpProblem(401, 'unauthorized', 'this session is no longer valid: sign in again');
      return { device: { id: session.deviceId, name } };
    });
  });
}
