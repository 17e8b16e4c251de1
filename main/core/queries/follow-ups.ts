/**
 * Open follow-ups with their urgency, as the server's follow_ups_due view:
 * overdue (dated before today), due (today), upcoming, unscheduled (no date).
 * Sorted by what to do next: by date (so overdue comes first), then by time on
 * the day (a timed one before "any time that day"), unscheduled last. Filtered
 * by scope (mine: assigned to me), assignee and principal; the counts take the
 * same filters, so a badge always matches its list.
 */
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import type { Row } from '../rows.ts';
import { defineQuery } from './define.ts';
import {
  INTERACTION_PRINCIPAL_TABLES,
  interactionIsAboutPrincipal,
} from './interaction-principal.ts';
import { readPage, type Page } from './paging.ts';
import { addScope } from './scope.ts';
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

export const OPEN_FOLLOW_UP =
  't.workspace_id = @ws AND t.follow_up_required = 1 AND t.follow_up_done_at IS NULL AND t.deleted_at IS NULL';

/** What to do next first: date, then time (untimed after timed on the same day), then no date. */
export const NEXT_FIRST = [
  `coalesce(t.follow_up_date, '9999-12-31')`,
  `coalesce(t.follow_up_time, '99:99')`,
];

export function urgencyOf(date: unknown, today: string): Urgency {
  if (typeof date !== 'string') return 'unscheduled';
  return date < today ? 'overdue' : date === today ? 'due' : 'upcoming';
}

type Filters = z.output<typeof followUpCountsInput>;

/** The conditions (over alias t) and parameters shared by the list and the counts. */
function filtered(ctx: CoreContext, p: Filters, today: string) {
  const where = [OPEN_FOLLOW_UP];
  const params: Record<string, unknown> = { ws: ctx.workspaceId, today };
  addScope(ctx, p.scope, 't.follow_up_assignee_id', where, params);
  if (p.assignee_id) {
    where.push('t.follow_up_assignee_id = @assignee');
    params.assignee = p.assignee_id;
  }
  if (p.principal_id) {
    where.push(interactionIsAboutPrincipal('t', 'principal'));
    params.principal = p.principal_id;
  }
  return { where, params };
}

export function followUps(
  ctx: CoreContext,
  input: z.input<typeof followUpsInput> = {},
): Page<Row & { urgency: Urgency }> {
  const p = followUpsInput.parse(input);
  const { today } = resolveClock(ctx, p);
  const { where, params } = filtered(ctx, p, today);
  if (p.urgency?.length) where.push(`(${p.urgency.map((u) => CONDITION[u]).join(' OR ')})`);
  const page = readPage(ctx, {
    table: 'interactions',
    where,
    params,
    sort: NEXT_FIRST,
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
      {
        column: 'follow_up_assignee_id',
        table: 'users',
        expr: 'display_name',
        as: 'assignee_name',
      },
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
  const { where, params } = filtered(ctx, p, today);
  const row = ctx.replica
    .stmt(
      `SELECT sum(${CONDITION.overdue}) AS overdue, sum(${CONDITION.due}) AS due,
              sum(${CONDITION.upcoming}) AS upcoming, sum(${CONDITION.unscheduled}) AS unscheduled
       FROM interactions t WHERE ${where.join(' AND ')}`,
    )
    .get(params) as Record<Urgency, number | null>;
  return {
    overdue: row.overdue ?? 0,
    due: row.due ?? 0,
    upcoming: row.upcoming ?? 0,
    unscheduled: row.unscheduled ?? 0,
  };
}

const LABELLED = ['interactions', 'contacts', 'organizations', 'opportunities', 'users'] as const;

export const followUpsQuery = defineQuery({
  name: 'follow_ups.list',
  tables: [...LABELLED, ...INTERACTION_PRINCIPAL_TABLES],
  input: followUpsInput,
  run: followUps,
});

export const followUpCountsQuery = defineQuery({
  name: 'follow_ups.counts',
  tables: ['interactions', ...INTERACTION_PRINCIPAL_TABLES],
  input: followUpCountsInput,
  run: followUpCounts,
});
