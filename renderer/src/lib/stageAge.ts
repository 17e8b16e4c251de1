/** Whole days, as a rep counts them on a board card: "today", "1 day", "12 days". */
import { daysSince } from './format.ts';

export function daysInStage(since: string | null | undefined, now = new Date()): string | null {
  const days = daysSince(since, now);
  if (days === null) return null;
  const whole = Math.floor(days);
  return whole === 0 ? 'today' : whole === 1 ? '1 day' : `${whole.toLocaleString()} days`;
}
