/**
 * The dashboard's "why deals stalled or did not fit" report (issue 12): deals
 * now in Closed - Stalled or Closed - No Fit that moved there within the last
 * `days` days (by when the user moved them), counted per close reason.
 */
import { z } from 'zod';
import { closeReason } from '../../../sync/schema/index.ts';
import { scopeInput } from './inputs/query-inputs.ts';

/** A quarter by default: long enough to show a pattern, short enough to be about now. */
export const CLOSE_REASON_DAYS = 90;

export const closeReasonReportInput = z.strictObject({
  days: z
    .int({ error: 'must be a whole number of days' })
    .min(1)
    .max(3660)
    .default(CLOSE_REASON_DAYS),
  /** mine: deals I own (the dashboard's Mine / Team switch, as the pipeline). */
  scope: scopeInput.optional(),
});

export const closeReasonReport = z.strictObject({
  days: z.number(),
  /** The period's start, ISO. */
  since: z.string(),
  stalled: z.number(),
  no_fit: z.number(),
  /** Most frequent first; only reasons that occur. */
  reasons: z.array(
    z.strictObject({
      close_reason: closeReason,
      stalled: z.number(),
      no_fit: z.number(),
      total: z.number(),
    }),
  ),
});
export type CloseReasonReport = z.infer<typeof closeReasonReport>;
