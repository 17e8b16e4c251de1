/**
 * The dates and times a client may write, shared by the server's mutation
 * endpoint and the desktop commands. Chosen ranges (in UTC):
 *
 * - Record dates (interaction_date, follow_up_date, follow_up_done_at,
 *   deleted_at): 1900-01-01 up to 10 years from now. A CRM records what
 *   happened and plans what is next; a year 10000 (or 0000) is a typo, and it
 *   would move last_interaction_at with it.
 * - A mutation's created_at (the device's clock, informational only):
 *   1970-01-01 up to 9999-12-31. Deliberately wide: the outbox checks every
 *   change with this schema, so a narrow window would leave a user whose clock
 *   is wrong unable to save anything; this one only keeps out what PostgreSQL
 *   cannot store (year 0, year 10000).
 * - UTC offsets at most ±15:59, PostgreSQL's limit (real ones stay within
 *   -12:00..+14:00): `+23:59` is well-formed ISO yet unstorable.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;
export const EARLIEST_RECORD_DATE = '1900-01-01';
/** Years a record date may lie ahead of today. */
export const RECORD_DATE_YEARS_AHEAD = 10;
const EARLIEST_CLIENT_CLOCK_MS = Date.UTC(1970, 0, 1);
const LATEST_CLIENT_CLOCK_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

/** The last instant a record date may have: 10 years from now (moves with the clock). */
export function latestRecordMs(now = Date.now()): number {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + RECORD_DATE_YEARS_AHEAD);
  return d.getTime();
}

const OFFSET = /([+-])(\d\d):(\d\d)$/;
function offsetMinutes(iso: string): number {
  const m = OFFSET.exec(iso);
  return m ? Number(m[2]) * 60 + Number(m[3]) : 0;
}

const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO date and time' });

function boundedTimestamp(earliestMs: () => number, latestMs: () => number, range: () => string) {
  return isoDateTime.superRefine((v, ctx) => {
    if (offsetMinutes(v) > MAX_OFFSET_MINUTES) {
      ctx.addIssue({ code: 'custom', message: 'must have a UTC offset of at most ±15:59' });
      return;
    }
    const ms = Date.parse(v);
    if (!(ms >= earliestMs() && ms <= latestMs())) ctx.addIssue({ code: 'custom', message: `must lie between ${range()}` });
  });
}

const recordRange = () => `${EARLIEST_RECORD_DATE} and ${new Date(latestRecordMs()).toISOString().slice(0, 10)}`;

/** A client-written timestamp of a record (interaction_date, follow_up_done_at, deleted_at). */
export const recordTimestamp = boundedTimestamp(() => Date.parse(`${EARLIEST_RECORD_DATE}T00:00:00Z`), () => latestRecordMs(), recordRange);

/** A client-written calendar date (follow_up_date). */
export const recordDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).refine(
  (v) => {
    const ms = Date.parse(`${v}T00:00:00Z`);
    // A date is a whole day: it may be the day that contains the latest instant.
    return ms >= Date.parse(`${EARLIEST_RECORD_DATE}T00:00:00Z`) && ms <= latestRecordMs() + DAY_MS;
  },
  { error: () => `must lie between ${recordRange()}` },
);

/** A mutation's created_at: the device clock, anything PostgreSQL can store from 1970 on. */
export const clientClockTimestamp = boundedTimestamp(
  () => EARLIEST_CLIENT_CLOCK_MS,
  () => LATEST_CLIENT_CLOCK_MS,
  () => '1970-01-01 and 9999-12-31',
);
