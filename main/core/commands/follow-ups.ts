/**
 * Follow-ups as tasks: snooze (tomorrow, next week), reschedule (a date and an
 * optional time), reassign (to another member). Done and its Undo are
 * interactions.complete_follow_up ({ done: false } reopens). Each is one
 * replica transaction and one update mutation carrying only what changed; the
 * server audits it like any edit.
 */
import type { CoreContext } from '../context.ts';
import { CommandError, assertNoIssues } from '../errors.ts';
import { localDate } from '../queries/time.ts';
import { changeRecord, loadRecord, type WriteResult } from './crud.ts';
import { interactionRules, isMember } from './interactions.ts';
import {
  reassignFollowUpInput,
  rescheduleFollowUpInput,
  snoozeFollowUpInput,
} from '../../ipc/contract/index.ts';

export { reassignFollowUpInput, rescheduleFollowUpInput, snoozeFollowUpInput };

/** The interaction, when it is a follow-up still to do (a done one is reopened first, with Undo). */
function openFollowUp(ctx: CoreContext, id: string) {
  const row = loadRecord(ctx, interactionRules, id);
  if (!row.follow_up_required)
    throw new CommandError(
      'invalid_state',
      'this interaction has no follow-up to move or hand over',
    );
  if (row.follow_up_done_at)
    throw new CommandError('invalid_state', 'this follow-up is done; reopen it before changing it');
  return row;
}

/** The device's local date `days` after today. */
function daysFromToday(ctx: CoreContext, days: number): string {
  const d = ctx.replica.now();
  return localDate(new Date(d.getFullYear(), d.getMonth(), d.getDate() + days));
}

export function snoozeFollowUp(ctx: CoreContext, input: unknown): WriteResult {
  const { id, until } = snoozeFollowUpInput.parse(input);
  return ctx.replica.transaction(() => {
    openFollowUp(ctx, id);
    // The time of day stays: "call at 9" snoozed to tomorrow is tomorrow at 9.
    return changeRecord(ctx, interactionRules, id, {
      follow_up_date: daysFromToday(ctx, until === 'tomorrow' ? 1 : 7),
    });
  });
}

export function rescheduleFollowUp(ctx: CoreContext, input: unknown): WriteResult {
  const { id, date, time } = rescheduleFollowUpInput.parse(input);
  return ctx.replica.transaction(() => {
    openFollowUp(ctx, id);
    return changeRecord(ctx, interactionRules, id, {
      follow_up_date: date,
      ...(time === undefined ? {} : { follow_up_time: time }),
    });
  });
}

export function reassignFollowUp(ctx: CoreContext, input: unknown): WriteResult {
  const { id, assignee_id } = reassignFollowUpInput.parse(input);
  return ctx.replica.transaction(() => {
    openFollowUp(ctx, id);
    if (!isMember(ctx, assignee_id))
      assertNoIssues([{ field: 'assignee_id', message: 'is not a member of this workspace' }]);
    return changeRecord(ctx, interactionRules, id, { follow_up_assignee_id: assignee_id });
  });
}
