/**
 * What sync is doing in the signed-in workspace.
 *   GET /v1/admin/rejected-mutations[?user_id&device_id&before&before_id&limit]
 *                               newest first; a full page's `next` is the query of the page after it
 *                               (the last row's received_at and mutation_id: rows of one push share a time)
 *   GET /v1/admin/sync-health   replication slot lag, mutations per minute, connected devices,
 *                               and the shape engine's shapes once it provides ShapeStatsProvider
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { parseOr400 } from '../http/problem.ts';
import { asAdmin } from './admin-access.ts';

const rejectedQuery = z
  .strictObject({
    user_id: z.uuid().optional(),
    device_id: z.uuid().optional(),
    before: z.iso.datetime({ offset: true }).optional(),
    /** The last row's mutation_id, with `before` its received_at: the page key (migration 0022). */
    before_id: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => q.before_id === undefined || q.before !== undefined, {
    error: 'before_id needs before (the received_at of the same row)',
    path: ['before_id'],
  });

interface RejectedRow {
  mutation_id: string;
  received_at: Date;
}

const healthRow = z.object({
  applied_last_5_minutes: z.coerce.number(),
  rejected_last_5_minutes: z.coerce.number(),
  replication_slots: z.array(
    z.object({ slot_name: z.string(), slot_type: z.string(), active: z.boolean(), lag_bytes: z.number().nullable() }),
  ),
});

export async function activityRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/admin/rejected-mutations', async (request) => {
      const session = sessionOf(request);
      const q = parseOr400(rejectedQuery, request.query, 'query');
      const rejected = await asAdmin(ctx.pool, session, async (c) =>
        (await c.query<RejectedRow>('SELECT * FROM crm.admin_rejected_mutations($1, $2, $3, $4, $5, $6)', [
          session.workspaceId, q.user_id ?? null, q.device_id ?? null, q.before ?? null, q.before_id ?? null, q.limit,
        ])).rows,
      );
      const last = rejected.length === q.limit ? rejected.at(-1) : undefined;
      const next = last ? { before: last.received_at.toISOString(), before_id: last.mutation_id } : null;
      return { rejected, next };
    });

    scope.get('/v1/admin/sync-health', async (request) => {
      const session = sessionOf(request);
      const row = await asAdmin(ctx.pool, session, async (c) =>
        healthRow.parse((await c.query('SELECT * FROM crm.admin_sync_health($1)', [session.workspaceId])).rows[0]),
      );
      const live = ctx.access.stats(session.workspaceId);
      const shapes = ctx.shapeStats ? await ctx.shapeStats.shapeStats(session.workspaceId) : null;
      return {
        replication_slots: row.replication_slots,
        mutations_per_minute: row.applied_last_5_minutes / 5,
        rejected_per_minute: row.rejected_last_5_minutes / 5,
        connected_devices: live.perDevice.size,
        live_shape_requests: live.liveRequests,
        shape_backend: ctx.settings.electricUrl ? 'electric-proxy' : 'built-in',
        // null until the shape engine provides statistics (ShapeStatsProvider).
        shapes,
      };
    });
  });
}
