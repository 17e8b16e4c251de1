/**
 * Members of the signed-in workspace.
 *   GET    /v1/admin/members[?include_removed=true]   members and pending invitations
 *   POST   /v1/admin/members                 { email, role, display_name? }
 *   PATCH  /v1/admin/members/:user_id        { role }
 *   POST   /v1/admin/members/:user_id/deactivate
 *
 * Adding a person is an invitation, never an attachment: the answer is the
 * same whether or not an account exists for the email (it must not tell an
 * admin of one workspace who has an account in another), and it carries a
 * one-time `invitation_code`, shown once, for the admin to pass on. Someone
 * with an account signs in with their own password and `invitation_code`;
 * someone without one signs in with the code as the password and
 * `new_password`. Either way the membership (or the reactivation of a removed
 * member) starts then, with the invited role. Codes expire after INVITE_TTL;
 * inviting the same email again replaces the earlier code.
 * Only owners may grant or take away the owner role (the RLS policy says so).
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { memberRole } from '../../schema/enums.ts';
import { hashInvitationCode, newInvitationCode } from '../auth/invitation-code.ts';
import { isPgError } from '../database/as-user.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { storableText } from '../auth/storable-text.ts';
import { asAdmin } from './admin-access.ts';

const userParam = z.strictObject({ user_id: z.uuid() });
const listQuery = z.object({ include_removed: z.enum(['true', 'false']).optional() });
const addBody = z.strictObject({
  email: storableText(z.email({ error: 'must be an email address' }).max(320)),
  role: memberRole,
  display_name: storableText(z.string().trim().min(1).max(200)).optional(),
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
        return {
          members: (await c.query(`${MEMBER_SQL}${filter} ORDER BY lower(u.display_name), u.id`, [session.workspaceId])).rows,
          invitations: (await c.query('SELECT * FROM crm.admin_pending_invitations($1)', [session.workspaceId])).rows,
        };
      });
      return members;
    });

    scope.post('/v1/admin/members', async (request, reply) => {
      const session = sessionOf(request);
      const body = parseOr400(addBody, request.body, 'new member');
      if (body.role === 'owner' && session.role !== 'owner') throw new HttpProblem(403, 'forbidden', 'only an owner may add an owner', 'role');
      const code = newInvitationCode();
      const displayName = body.display_name ?? body.email.split('@')[0]!;
      const invitation = await asAdmin(ctx.pool, session, async (c) => {
        try {
          const { rows } = await c.query<{ invitation_id: string; expires_at: Date }>(
            'SELECT * FROM crm.admin_invite_member($1, $2, $3, $4, $5, $6)',
            [session.workspaceId, body.email, displayName, body.role, hashInvitationCode(code), new Date(Date.now() + ctx.settings.inviteTtlMs)],
          );
          return rows[0]!;
        } catch (err) {
          if (isPgError(err) && err.code === 'CRMI1') {
            throw new HttpProblem(409, 'already_member', `${body.email} is already a member of this workspace`, 'email');
          }
          throw err;
        }
      });
      return reply.code(201).send({
        invitation: {
          id: invitation.invitation_id,
          email: body.email,
          display_name: displayName,
          role: body.role,
          expires_at: invitation.expires_at.toISOString(),
        },
        invitation_code: code,
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
