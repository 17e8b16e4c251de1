/**
 * What the desktop reminds its user of, read from the local replica so it works
 * offline: the follow-ups assigned to me whose date and time have come today
 * (one notification each), and today's digest (how many are due today or
 * overdue). Untimed follow-ups fall due with the day itself: the digest covers
 * them. Times are wall-clock HH:MM on the device, like the follow-up's date.
 */
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { NEXT_FIRST, OPEN_FOLLOW_UP } from './follow-ups.ts';
import { localDate, resolveClock } from './time.ts';
import { followUpRemindersInput, type followUpReminders } from '../../ipc/contract/index.ts';

export { followUpRemindersInput };

type Reminders = z.input<typeof followUpReminders>;

/** HH:MM of a moment on the device's clock. */
export function localTime(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const MINE = `${OPEN_FOLLOW_UP} AND t.follow_up_assignee_id = @me`;

export function followUpRemindersFor(
  ctx: CoreContext,
  input: z.input<typeof followUpRemindersInput> = {},
): Reminders {
  const p = followUpRemindersInput.parse(input);
  const { now } = resolveClock(ctx, p);
  const today = localDate(now);
  const params = { ws: ctx.workspaceId, me: ctx.userId, today, time: localTime(now) };
  const counts = ctx.replica
    .stmt(
      `SELECT count(*) AS today_count, coalesce(sum(t.follow_up_date < @today), 0) AS overdue_count
       FROM interactions t WHERE ${MINE} AND t.follow_up_date <= @today`,
    )
    .get(params) as { today_count: number; overdue_count: number };
  const fallenDue = ctx.replica
    .stmt(
      `SELECT t.id, t.follow_up_date, t.follow_up_time, t.interaction_type, t.notes,
              coalesce(nullif(trim(concat_ws(' ', c.first_name, c.last_name)), ''), o.name, g.name) AS about
       FROM interactions t
       LEFT JOIN contacts c ON c.id = t.contact_id
       LEFT JOIN opportunities o ON o.id = t.opportunity_id
       LEFT JOIN organizations g ON g.id = t.organization_id
       WHERE ${MINE} AND t.follow_up_date = @today AND t.follow_up_time <= @time
       ORDER BY ${NEXT_FIRST.join(', ')}, t.id
       LIMIT ${p.limit}`,
    )
    .all(params) as Reminders['fallen_due'];
  return { today, ...counts, fallen_due: fallenDue };
}

export const followUpRemindersQuery = defineQuery({
  name: 'follow_ups.reminders',
  tables: ['interactions', 'contacts', 'opportunities', 'organizations'],
  input: followUpRemindersInput,
  run: followUpRemindersFor,
});
