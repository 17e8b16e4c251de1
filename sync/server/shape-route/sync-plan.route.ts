/**
 * GET /v1/sync-plan: how many rows each replicated table's shape holds for the
 * caller, `{ tables: { <table>: <rows> } }`, so a desktop's first download can
 * show rows done of rows total instead of tables done.
 *
 * Exact counts (count(*)) over the very definitions the shape route serves
 * (session-shape.ts: same table, same server-decided where clause and
 * parameters, the session's workspace and resync generation), so a member of
 * one workspace never learns anything about another and the numbers cannot
 * drift from what the shapes deliver:
 *  - the built-in engine counts with its snapshot's own compiled SQL and
 *    connection (ShapeBackend.countRows), exactly the rows a snapshot delivers;
 *  - a backend without counts (the Electric proxy) is counted here, as the
 *    user under RLS.
 * Measured on the seeded 100k-interaction workspace (326k rows, 2 shared cores):
 * under RLS interactions alone took 3 s and audit_log 4.3 s (the policy's
 * crm.is_member() runs once per row; the whole plan about 10 s), the engine's
 * whole plan 0.2 s (0.5 s cold); hence the engine first. pg_class.reltuples was
 * not an option: it counts every workspace's rows.
 *
 * The desktop waits for the plan before its first download starts (so its
 * progress counts rows from the first one), at most 5 s: the counts get
 * PLAN_BUDGET_MS in all, and a plan that cannot be counted in time answers 503
 * at once, so the download starts and counts tables, as without a plan (which
 * is what proxy mode gives on the seeded 100k workspace).
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { syncPlan, type SyncPlan } from '../../schema/sync-plan.ts';
import { TABLE_NAMES } from '../../schema/tables.ts';
import type { Session } from '../auth/sessions.ts';
import { asUser, isPgError } from '../database/as-user.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import type { ShapeDefinition } from './shape-backend.ts';
import { memberIdsOf, sessionShapeDefinition } from './session-shape.ts';

/** The route takes no parameters; anything sent is refused by name rather than ignored silently. */
const planQuery = z.strictObject({});

/** The time all counts of one plan may take together (under the client's 5 s wait). */
const PLAN_BUDGET_MS = 3000;

/** Counts as the signed-in user under RLS: the where clause is server-written, def.table one of TABLE_NAMES. */
async function countUnderRls(pool: pg.Pool, session: Session, defs: ShapeDefinition[], deadline: number): Promise<number[]> {
  return asUser(pool, session.userId, async (client) => {
    const counts: number[] = [];
    for (const def of defs) {
      // What is left of the budget, for this statement (statement_timeout is per statement).
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(deadline - Date.now()))}`);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public."${def.table}" WHERE ${def.where}`, [...def.params]);
      counts.push(Number(rows[0]!.n));
    }
    return counts;
  });
}

export async function syncPlanRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/sync-plan', async (request, reply) => {
      const session = sessionOf(request);
      parseOr400(planQuery, request.query ?? {}, 'query');
      const members = await memberIdsOf(ctx.pool, session.userId, session.workspaceId);
      const defs = await Promise.all(TABLE_NAMES.map((t) => sessionShapeDefinition(ctx.pool, session, t, members)));
      const backend = ctx.shapeBackend;
      const deadline = Date.now() + PLAN_BUDGET_MS;
      let counts: number[];
      try {
        counts = backend.countRows
          ? await Promise.all(defs.map((def) => backend.countRows!(def, PLAN_BUDGET_MS)))
          : await countUnderRls(ctx.pool, session, defs, deadline);
      } catch (err) {
        // 57014: statement_timeout. Too big to count in time; the client counts tables instead.
        if (isPgError(err) && err.code === '57014') {
          throw new HttpProblem(503, 'plan_too_slow', 'counting the shapes took too long; progress counts tables', undefined, { 'retry-after': '30' });
        }
        throw err;
      }
      const plan: SyncPlan = syncPlan.parse({ tables: Object.fromEntries(TABLE_NAMES.map((t, i) => [t, counts[i]])) });
      // Counts change with every write: never cached, and private to this token.
      return reply.header('cache-control', 'no-store').header('vary', 'authorization').send(plan);
    });
  });
}
