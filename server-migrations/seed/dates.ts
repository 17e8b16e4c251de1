/**
 * Every date in the seed is an offset from one anchor day, so a run pinned with
 * --anchor-date is identical to any other run with the same seed and anchor,
 * and an unpinned run always shows "a year of history up to today".
 * Everything is computed in UTC and sent to PostgreSQL as ISO strings with an
 * explicit offset, so the server's TimeZone setting cannot change the data.
 */

export const DAY_MS = 86_400_000;

/** Today's date on this machine (what the person running the seed calls "today"). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** True for a real calendar day written as YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export class Anchor {
  /** Midnight UTC of the anchor day. */
  readonly ms: number;

  constructor(readonly date: string) {
    if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
    this.ms = Date.parse(`${date}T00:00:00Z`);
  }

  /** Midnight UTC of the day `days` before the anchor (negative: after it). */
  dayStart(daysBefore: number): number {
    return this.ms - daysBefore * DAY_MS;
  }

  /**
   * A moment during the working day `daysBefore` days before the anchor:
   * 13:00-22:59 UTC, i.e. roughly 8 am to 5 pm across US time zones.
   */
  workTime(daysBefore: number, minuteOfWorkday: number): number {
    return this.dayStart(daysBefore) + 13 * 3_600_000 + (minuteOfWorkday % 600) * 60_000;
  }
}

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export function weekday(ms: number): string {
  return WEEKDAYS[new Date(ms).getUTCDay()] as string;
}
