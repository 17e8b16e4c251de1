/**
 * GET /v1/history/:table/:id[?limit&before]: one record's audit trail, newest
 * first, in pages (pass next_cursor back as `before`). Desktops no longer
 * replicate audit_log (it was half of every replica); they ask here for the
 * record on screen and keep what they got for offline use.
 *
 * Read as the signed-in user in one transaction (as-user.ts), so audit_log's
 * RLS policy decides: a member of the workspace (a viewer included) reads its
 * trail, nobody reads another workspace's. The session's workspace is also in
 * the where clause, so a user who belongs to two workspaces gets, through a
 * token of one, only that one's rows; a forged or foreign record id simply
 * finds nothing (an empty page, the same answer as a record with no history,
 * so the route reveals nothing about other workspaces). Actor names come from
 * users under its own RLS.
 *
 * A route rather than a subset shape: the built-in engine has no subset
 * snapshots (README, Known gaps), a shape per viewed record would be a shape
 * log per record on the server, and a history is read once per page view, not
 * followed live. The query walks audit_log_record_idx (workspace, table,
 * record, occurred_at DESC) in every monthly partition.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import { historyEntry, historyParams, historyQuery, type HistoryPage } from '../../schema/history.ts';
import { asUser } from '../database/as-user.ts';
import { requireSession, sessionOf, type ServerContext } from '../http/context.ts';
import { parseOr400 } from '../http/problem.ts';

const PAGE_SQL = `
  SELECT a.id, a.workspace_id, a.table_name, a.record_id, a.action, a.actor_id, a.changed_fields,
         a.old_values, a.new_values, a.transaction_id::text AS transaction_id,
         to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         u.display_name AS actor_name
  FROM public.audit_log a
  LEFT JOIN public.users u ON u.id = a.actor_id
  WHERE a.workspace_id = $1 AND a.table_name = $2 AND a.record_id = $3
    AND ($4::timestamptz IS NULL OR (a.occurred_at, a.id) < ($4::timestamptz, $5::uuid))
  ORDER BY a.occurred_at DESC, a.id DESC
  LIMIT $6`;

/** One page of a record's history, read on `client` (already the user: RLS applies). */
export async function readHistoryPage(
  client: pg.ClientBase,
  workspaceId: string,
  params: z.output<typeof historyParams>,
  query: z.output<typeof historyQuery>,
): Promise<HistoryPage> {
  const [beforeAt, beforeId] = query.before ? query.before.split('_') : [null, null];
  const { rows } = await client.query(PAGE_SQL, [workspaceId, params.table, params.id, beforeAt, beforeId, query.limit + 1]);
  const entries = rows.slice(0, query.limit).map((r) => historyEntry.parse(r));
  const last = entries.at(-1);
  return { entries, next_cursor: rows.length > query.limit && last ? `${last.occurred_at}_${last.id}` : null };
}

export async function historyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireSession(ctx));

    scope.get('/v1/history/:table/:id', async (request, reply) => {
      const session = sessionOf(request);
      const params = parseOr400(historyParams, request.params, 'path');
      const query = parseOr400(historyQuery, request.query ?? {}, 'query');
      const page = await asUser(ctx.pool, session.userId, (client) =>
        readHistoryPage(client, session.workspaceId, params, query),
      );
      // Private to this token and changing with every write to the record.
      return reply.header('cache-control', 'no-store').header('vary', 'authorization').send(page);
    });
  });
}
