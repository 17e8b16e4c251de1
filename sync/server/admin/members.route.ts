/**
 * Members of the signed-in workspace.
 *   GET    /v1/admin/members[?include_removed=true]
 *   POST   /v1/admin/members                 { email, role, display_name? }
 *   PATCH  /v1/admin/members/:user_id        { role }
 *   POST   /v1/admin/members/:user_id/deactivate
 *
 * Adding someone with no account creates it with a one-time password, shown
 * once in the answer (`one_time_password`) for the admin to pass on; at the
 * first sign-in the new member must send `new_password` with it, and it
 * expires after INVITE_TTL. Adding a removed member reactivates them.
 * Only owners may grant or take away the owner role (the RLS policy says so).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { memberRole } from '../../schema/enums.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { asAdmin } from './admin-access.ts';

const userParam = z.strictObject({ user_id: z.uuid() });
const listQuery = z.object({ include_removed: z.enum(['true', 'false']).optional() });
const addBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(320),
  role: memberRole,
  display_name: z.string().trim().min(1).max(200).optional(),
});
const roleBody = z.strictObject({ role: memberRole });

const MEMBER_SQL = `
  SELECT m.id AS member_id, m.user_id, u.email, u.display_name, m.role, m.created_at, m.deleted_at AS removed_at,
         u.disabled_at
  FROM public.workspace_members m JOIN public.users u ON u.id = m.user_id
  WHERE m.workspace_id = $1`;

async function memberOf(client: pg.ClientBase, workspaceId: string, userId: string) {
  const { rows } = await client.query(`${MEMBER_SQL} AND m.user_id = $2`, [workspaceId, userId]);
  return rows[0] as Record<string, unknown> | undefined;
}

/** Readable once, typed easily: four groups of four letters and digits (~95 bits). */
function oneTimePassword(): string {
  const raw = randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  return raw.match(/.{4}/g)!.join('-');
}

/** An UPDATE of one membership that touched nothing: hidden from the caller's UPDATE policy, or absent. */
async function missingOrForbidden(client: pg.ClientBase, workspaceId: string, userId: string): Promise<never> {
  const member = await memberOf(client, workspaceId, userId);
  if (!member || member.removed_at) throw new HttpProblem(404, 'not_found', 'no active member with that user id in this workspace');
  throw new HttpProblem(403, 'forbidden', 'only an owner may change or remove an owner');
}

export async function memberRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/admin/members', async (request) => {
      const session = sessionOf(request);
      const q = parseOr400(listQuery, request.query, 'query');
      const members = await asAdmin(ctx.pool, session, async (c) => {
        const filter = q.include_removed === 'true' ? '' : ' AND m.deleted_at IS NULL';
        return (await c.query(`${MEMBER_SQL}${filter} ORDER BY lower(u.display_name), u.id`, [session.workspaceId])).rows;
      });
      return { members };
    });

    scope.post('/v1/admin/members', async (request, reply) => {
      const session = sessionOf(request);
      const body = parseOr400(addBody, request.body, 'new member');
      if (body.role === 'owner' && session.role !== 'owner') throw new HttpProblem(403, 'forbidden', 'only an owner may add an owner', 'role');
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      const expiresAt = new Date(Date.now() + ctx.settings.inviteTtlMs);
      const out = await asAdmin(ctx.pool, session, async (c) => {
        const { rows } = await c.query<{ user_id: string; created_user: boolean; one_time_password_set: boolean }>(
          'SELECT * FROM crm.admin_find_or_create_user($1, $2, $3, $4, $5)',
          [session.workspaceId, body.email, body.display_name ?? body.email.split('@')[0], hash, expiresAt],
        );
        const found = rows[0]!;
        const existing = await memberOf(c, session.workspaceId, found.user_id);
        if (existing && !existing.removed_at) {
          throw new HttpProblem(409, 'already_member', `${body.email} is already a member of this workspace`, 'email');
        }
        if (existing) {
          await c.query('UPDATE public.workspace_members SET deleted_at = NULL, role = $3 WHERE workspace_id = $1 AND user_id = $2', [
            session.workspaceId, found.user_id, body.role,
          ]);
        } else {
          await c.query('INSERT INTO public.workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
            session.workspaceId, found.user_id, body.role,
          ]);
        }
        return { found, member: await memberOf(c, session.workspaceId, found.user_id) };
      });
      return reply.code(201).send({
        member: out.member,
        created_user: out.found.created_user,
        ...(out.found.one_time_password_set
          ? { one_time_password: password, one_time_password_expires_at: expiresAt.toISOString() }
          : {}),
      });
    });

    scope.patch('/v1/admin/members/:user_id', async (request) => {
      const session = sessionOf(request);
      const { user_id } = parseOr400(userParam, request.params, 'path');
      const { role } = parseOr400(roleBody, request.body, 'role change');
      const member = await asAdmin(ctx.pool, session, async (c) => {
        const { rowCount } = await c.query(
          'UPDATE public.workspace_members SET role = $3 WHERE workspace_id = $1 AND user_id = $2 AND deleted_at IS NULL',
          [session.workspaceId, user_id, role],
        );
        if (!rowCount) await missingOrForbidden(c, session.workspaceId, user_id);
        return memberOf(c, session.workspaceId, user_id);
      });
      return { member };
    });

    scope.post('/v1/admin/members/:user_id/deactivate', async (request) => {
      const session = sessionOf(request);
      const { user_id } = parseOr400(userParam, request.params, 'path');
      const member = await asAdmin(ctx.pool, session, async (c) => {
        const { rowCount } = await c.query(
          'UPDATE public.workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2 AND deleted_at IS NULL',
          [session.workspaceId, user_id],
        );
        if (!rowCount) await missingOrForbidden(c, session.workspaceId, user_id);
        return memberOf(c, session.workspaceId, user_id);
      });
      return { member };
    });
  });
}
