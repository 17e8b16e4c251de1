/**
 * Devices of the signed-in workspace.
 *   GET  /v1/admin/devices             every device with its user, platform, app version,
 *                                      last seen, last mutation, counts and live shape requests
 *   POST /v1/admin/devices/:id/revoke  its token stops working and its live shape requests end at once
 *   POST /v1/admin/devices/:id/resync  its next shape request ends in 409 must-refetch (see shape-definition.ts)
 *   POST /v1/admin/devices/:id/wipe    revoke and wipe: revoked as above, and every request it makes
 *                                      from now on is answered 401 device_wiped, on which the desktop
 *                                      deletes that account's replica and token (access/device-wipe.ts)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import { asAdmin } from './admin-access.ts';

const deviceParam = z.strictObject({ id: z.uuid() });

const DEVICE_SQL = `
  SELECT d.id, d.name, d.platform, d.app_version, d.created_at, d.last_seen_at, d.revoked_at, d.resync_requested_at,
         d.wipe_requested_at,
         jsonb_build_object('id', d.user_id, 'email', u.email, 'display_name', u.display_name) AS "user",
         a.last_mutation_at, coalesce(a.applied_count, 0)::int AS mutations_applied,
         coalesce(a.rejected_count, 0)::int AS mutations_rejected
  FROM public.devices d
  LEFT JOIN public.users u ON u.id = d.user_id
  LEFT JOIN crm.admin_device_activity($1) a ON a.device_id = d.id
  WHERE d.workspace_id = $1`;

/** What each action changes; a wipe revokes too (the table's check insists). */
const SET_FOR = {
  revoke: 'revoked_at = coalesce(revoked_at, now())',
  resync: 'resync_requested_at = now()',
  wipe: 'revoked_at = coalesce(revoked_at, now()), wipe_requested_at = coalesce(wipe_requested_at, now())',
} as const;

export async function deviceRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/admin/devices', async (request) => {
      const session = sessionOf(request);
      const rows = await asAdmin(ctx.pool, session, async (c) =>
        (await c.query(`${DEVICE_SQL} ORDER BY d.last_seen_at DESC NULLS LAST, d.id`, [session.workspaceId])).rows,
      );
      const live = ctx.access.stats(session.workspaceId).perDevice;
      return { devices: rows.map((d: { id: string }) => ({ ...d, live_shape_requests: live.get(d.id) ?? 0 })) };
    });

    for (const action of ['revoke', 'resync', 'wipe'] as const) {
      scope.post(`/v1/admin/devices/:id/${action}`, async (request) => {
        const session = sessionOf(request);
        const { id } = parseOr400(deviceParam, request.params, 'path');
        const set = SET_FOR[action];
        const device = await asAdmin(ctx.pool, session, async (c) => {
          const { rowCount } = await c.query(`UPDATE public.devices SET ${set} WHERE id = $2 AND workspace_id = $1`, [
            session.workspaceId, id,
          ]);
          if (!rowCount) throw new HttpProblem(404, 'not_found', 'no device with that id in this workspace');
          return (await c.query(`${DEVICE_SQL} AND d.id = $2`, [session.workspaceId, id])).rows[0];
        });
        // The NOTIFY of the change arrives after commit too; re-checking now spares waiting for it.
        void ctx.access.recheck();
        return { device };
      });
    }
  });
}
