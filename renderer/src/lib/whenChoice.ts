/**
 * "When did it happen?" as the when-picker offers it (issue 12): now, earlier
 * today at a time, yesterday at a time, or any date and time. Pure, so the
 * picker's rules are tested without a browser. Local wall-clock in, ISO instant out.
 */
import { CLIENT_CLOCK_SKEW_MS } from '../../../sync/schema/index.ts';

export type WhenChoice = 'now' | 'today' | 'yesterday' | 'pick';

const pad = (n: number) => String(n).padStart(2, '0');

/** "HH:MM" of a local Date. */
export function localTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "YYYY-MM-DDTHH:MM" (a datetime-local input's value) of a local Date. */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${localTime(d)}`;
}

/** A sensible first time for each choice: an hour ago today (not before midnight), this time yesterday. */
export function defaultInput(choice: WhenChoice, now: Date): string {
  if (choice === 'today') {
    const hourAgo = new Date(now.getTime() - 3_600_000);
    return hourAgo.getDate() === now.getDate() ? localTime(hourAgo) : '00:00';
  }
  if (choice === 'yesterday') return localTime(now);
  if (choice === 'pick') return localDateTime(now);
  return '';
}

/**
 * The instant a choice and its input mean, or null for "now" (the core stamps
 * the save time). `input` is "HH:MM" for today/yesterday, a datetime-local value for pick.
 */
export function whenToIso(choice: WhenChoice, input: string, now: Date): string | null {
  if (choice === 'now' || !input) return null;
  if (choice === 'pick') {
    const d = new Date(input);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const [h, m] = input.split(':').map(Number);
  const d = new Date(now);
  if (choice === 'yesterday') d.setDate(d.getDate() - 1);
  d.setHours(h ?? 0, m ?? 0, 0, 0);
  return d.toISOString();
}

/** Why the chosen instant cannot be when it happened (the server's rule: not in the future), or null. */
export function whenIssue(iso: string | null, now: Date): string | null {
  if (iso === null) return null;
  return Date.parse(iso) - now.getTime() > CLIENT_CLOCK_SKEW_MS ? 'That is later than now: choose a time that has passed' : null;
}
