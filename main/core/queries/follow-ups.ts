/**
 * Open follow-ups with their urgency, as the server's follow_ups_due view:
 * overdue (dated before today), due (today), upcoming, unscheduled (no date).
 * Ordered by date, unscheduled last; keyset pages on the partial index of open
 * follow-ups.
 */
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import type { Row } from '../rows.ts';
import { defineQuery } from './define.ts';
import { readPage, type Page } from './paging.ts';
import { resolveClock } from './time.ts';
import {
  URGENCIES,
  followUpCountsInput,
  followUpsInput,
  type Urgency,
} from '../../ipc/contract/index.ts';

export { followUpCountsInput, followUpsInput };

export { URGENCIES, type Urgency };

const CONDITION: Record<Urgency, string> = {
  overdue: 't.follow_up_date < @today',
  due: 't.follow_up_date = @today',
  upcoming: 't.follow_up_date > @today',
  unscheduled: 't.follow_up_date IS NULL',
};

const OPEN =
  't.workspace_id = @ws AND t.follow_up_required = 1 AND t.follow_up_done_at IS NULL AND t.deleted_at IS NULL';

export function urgencyOf(date: unknown, today: string): Urgency {
  if (typeof date !== 'string') return 'unscheduled';
  return date < today ? 'overdue' : date === today ? 'due' : 'upcoming';
}

export function followUps(
  ctx: CoreContext,
  input: z.input<typeof followUpsInput> = {},
): Page<Row & { urgency: Urgency }> {
  const p = followUpsInput.parse(input);
  const { today } = resolveClock(ctx, p);
  const where = [OPEN];
  if (p.urgency?.length) where.push(`(${p.urgency.map((u) => CONDITION[u]).join(' OR ')})`);
  if (p.mine) where.push('t.created_by = @me');
  const page = readPage(ctx, {
    table: 'interactions',
    where,
    params: { ws: ctx.workspaceId, today, me: ctx.userId },
    sort: [`coalesce(t.follow_up_date, '9999-12-31')`],
    dir: p.dir ?? 'asc',
    limit: p.limit,
    ...(p.cursor ? { cursor: p.cursor } : {}),
    labels: [
      {
        column: 'contact_id',
        table: 'contacts',
        expr: `trim(concat_ws(' ', first_name, last_name))`,
        as: 'contact_name',
      },
      { column: 'organization_id', table: 'organizations', expr: 'name', as: 'organization_name' },
      { column: 'opportunity_id', table: 'opportunities', expr: 'name', as: 'opportunity_name' },
    ],
  });
  return {
    ...page,
    rows: page.rows.map((r) => ({ ...r, urgency: urgencyOf(r.follow_up_date, today) })),
  };
}

export function followUpCounts(
  ctx: CoreContext,
  input: z.input<typeof followUpCountsInput> = {},
): Record<Urgency, number> {
  const p = followUpCountsInput.parse(input);
  const { today } = resolveClock(ctx, p);
  const row = ctx.replica
    .stmt(
      `SELECT sum(${CONDITION.overdue}) AS overdue, sum(${CONDITION.due}) AS due,
              sum(${CONDITION.upcoming}) AS upcoming, sum(${CONDITION.unscheduled}) AS unscheduled
       FROM interactions t WHERE ${OPEN} AND (@mine = 0 OR t.created_by = @me)`,
    )
    .get({ ws: ctx.workspaceId, today, mine: p.mine ? 1 : 0, me: ctx.userId }) as Record<
    Urgency,
    number | null
  >;
  return {
    overdue: row.overdue ?? 0,
    due: row.due ?? 0,
    upcoming: row.upcoming ?? 0,
    unscheduled: row.unscheduled ?? 0,
  };
}

export const followUpsQuery = defineQuery({
  name: 'follow_ups.list',
  tables: ['interactions', 'contacts', 'organizations', 'opportunities'],
  input: followUpsInput,
  run: followUps,
});

export const followUpCountsQuery = defineQuery({
  name: 'follow_ups.counts',
  tables: ['interactions'],
  input: followUpCountsInput,
  run: followUpCounts,
});
