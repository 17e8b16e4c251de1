/**
 * GET /v1/sync-plan: how many rows each replicated table's shape holds for the
 * caller, `{ tables: { <table>: <rows> } }`, so a desktop's first download can
 * show rows done of rows total instead of tables done.
 *
 * Counted exactly (count(*)), as the signed-in user under RLS, over the very
 * definition the shape route serves (session-shape.ts: same table, same
 * server-decided where clause and parameters): the numbers cannot drift from
 * what the shapes deliver, and a member of one workspace can never learn
 * anything about another. On the seeded 100k-interaction workspace all tables
 * together take a few tens of milliseconds (the where clauses are indexed
 * workspace_id equalities), cheap enough to skip pg_class estimates.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { syncPlan, type SyncPlan } from '../../schema/sync-plan.ts';
import { TABLE_NAMES } from '../../schema/tables.ts';
import { asUser } from '../database/as-user.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { parseOr400 } from '../http/problem.ts';
import { memberIdsOf, sessionShapeDefinition } from './session-shape.ts';

/** The route takes no parameters; anything sent is refused by name rather than ignored silently. */
const planQuery = z.strictObject({});

/** The longest a plan may take; a client without one falls back to counting tables. */
const PLAN_TIMEOUT = '10s';

export async function syncPlanRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/sync-plan', async (request, reply) => {
      const session = sessionOf(request);
      parseOr400(planQuery, request.query ?? {}, 'query');
      const members = await memberIdsOf(ctx.pool, session.userId, session.workspaceId);
      const tables: Record<string, number> = {};
      await asUser(ctx.pool, session.userId, async (client) => {
        await client.query(`SET LOCAL statement_timeout = '${PLAN_TIMEOUT}'`);
        for (const table of TABLE_NAMES) {
          const def = await sessionShapeDefinition(ctx.pool, session, table, members);
          // def.table is one of TABLE_NAMES and def.where is server-written: no client text reaches this SQL.
          const { rows } = await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM public."${def.table}" WHERE ${def.where}`,
            [...def.params],
          );
          tables[table] = Number(rows[0]!.n);
        }
      });
      const plan: SyncPlan = syncPlan.parse({ tables });
      // Counts change with every write: never cached, and private to this token.
      return reply.header('cache-control', 'no-store').header('vary', 'authorization').send(plan);
    });
  });
}
