/** "Now" and "today" for queries: the device's clock and local date unless the caller pins them. */
import { storedTimestamp } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';

export { clockInput } from '../../ipc/contract/index.ts';

export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function resolveClock(
  ctx: CoreContext,
  p: { today?: string; now?: string },
): { today: string; now: Date } {
  const now = p.now ? new Date(p.now) : ctx.replica.now();
  return { today: p.today ?? localDate(now), now };
}

/** now - days, as stored timestamps compare (whole days of 24 hours, as in UTC): a parameter for SQL. */
export function daysBefore(now: Date, days: number): number | string {
  return storedTimestamp(new Date(now.getTime() - days * 86_400_000));
}
