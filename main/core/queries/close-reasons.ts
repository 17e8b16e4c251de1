/**
 * Why deals stalled or did not fit (issue 12), from the replica: live deals now
 * in Closed - Stalled or Closed - No Fit, moved there within the period (by
 * stage_changed_at, the time the user moved them), counted per reason. Deals
 * closed so before reasons were asked count as 'Not recorded'.
 */
import type { z } from 'zod';
import { type CloseReason } from '../../../sync/schema/index.ts';
import { storedTimestamp } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { addScope } from './scope.ts';
import { closeReasonReportInput, type CloseReasonReport } from '../../ipc/contract/index.ts';

export { closeReasonReportInput };

const DAY_MS = 86_400_000;

export function closeReasonReport(
  ctx: CoreContext,
  input: z.input<typeof closeReasonReportInput> = {},
): CloseReasonReport {
  const { days, scope } = closeReasonReportInput.parse(input);
  const sinceAt = new Date(ctx.replica.now().getTime() - days * DAY_MS);
  const since = sinceAt.toISOString();
  const where = [
    'workspace_id = @ws',
    'deleted_at IS NULL',
    "stage IN ('Closed - Stalled', 'Closed - No Fit')",
    'stage_changed_at >= @since',
  ];
  const params: Record<string, unknown> = { ws: ctx.workspaceId, since: storedTimestamp(sinceAt) };
  // Mine: deals I own, as the pipeline beside it counts them.
  addScope(ctx, scope, 'owner_id', where, params);
  const rows = ctx.replica
    .stmt(
      `SELECT coalesce(close_reason, 'Not recorded') AS close_reason,
              sum(stage = 'Closed - Stalled') AS stalled, sum(stage = 'Closed - No Fit') AS no_fit
       FROM opportunities
       WHERE ${where.join(' AND ')}
       GROUP BY 1`,
    )
    .all(params) as {
    close_reason: CloseReason;
    stalled: number;
    no_fit: number;
  }[];
  const reasons = rows
    .map((r) => ({ ...r, total: r.stalled + r.no_fit }))
    .sort((a, b) => b.total - a.total || a.close_reason.localeCompare(b.close_reason));
  return {
    days,
    since,
    stalled: reasons.reduce((n, r) => n + r.stalled, 0),
    no_fit: reasons.reduce((n, r) => n + r.no_fit, 0),
    reasons,
  };
}

export const closeReasonQuery = defineQuery({
  name: 'dashboard.close_reasons',
  tables: ['opportunities'],
  input: closeReasonReportInput,
  run: closeReasonReport,
});
