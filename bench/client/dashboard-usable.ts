/**
 * "First sign-in to a usable dashboard", measured inside the client process.
 * Usable means the dashboard's data is complete, not merely painted: every
 * table its three queries read (dashboard.principals, dashboard.pipeline,
 * follow_ups.counts, as each query declares them) has reached up-to-date in
 * the replica, and then those three queries answered. Tables no dashboard
 * query reads (users, workspace memberships, ...) may still be downloading.
 */
import { QUERIES } from '../../main/core/index.ts';
import type { CoreRuntime, RuntimeEvent } from '../../main/core/runtime/runtime.ts';
import { DASHBOARD_TABLES } from '../../main/core/runtime/download-order.ts';
import { wallNow } from '../clock.ts';

const DASHBOARD_QUERIES = [
  'dashboard.principals',
  'dashboard.pipeline',
  'follow_ups.counts',
] as const;

/**
 * Starts watching sync events; the returned function gives the wall time the
 * dashboard became usable (undefined if it has not yet). Call before signIn.
 */
export function watchDashboardUsable(rt: CoreRuntime): {
  usableAt(): number | undefined;
  stop(): void;
} {
  let at: number | undefined;
  const check = () => {
    if (at !== undefined) return;
    const state = rt.syncStatus().state;
    if (state !== 'initial_sync' && state !== 'up_to_date' && state !== 'pushing') return;
    const server = rt.ctx.replica.fromServer;
    if (!DASHBOARD_TABLES.every((t) => server.shapeState(t)?.up_to_date_at)) return;
    for (const q of DASHBOARD_QUERIES) QUERIES[q].run(rt.ctx, {});
    at = wallNow();
  };
  const stop = rt.subscribe((e: RuntimeEvent) => {
    if (e.type === 'sync') check();
  });
  return {
    usableAt: () => {
      check();
      return at;
    },
    stop,
  };
}
