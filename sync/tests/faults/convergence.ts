/**
 * Waiting for the end of a fault scenario: every client settled (all tables
 * up to date, no outbox entry in play), then every replica equal to the
 * server (others' last writes still travelling), then the full invariants.
 * On a timeout the message says what was still wrong, not just "timed out".
 */
import type pg from 'pg';
import type { FaultClient } from './fault-client.ts';
import { assertInvariants, replicaDifferences, type ClientUnderTest } from './invariants.ts';

export async function until(check: () => boolean | Promise<boolean>, what: () => string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function unsettled(c: FaultClient): string {
  const n = c.replica.outbox.counts();
  return `${c.label} (running ${c.running()}, up to date ${c.running() && c.sync.allUpToDate}, status ${c.running() ? c.sync.status().state : '-'}, outbox ${JSON.stringify(n)}, in play: ${JSON.stringify(c.replica.outbox.entries({ status: ['pending', 'sent', 'applied'] }).map((e) => [e.status, e.op, e.table, e.row_id, e.changes, e.txid]))})`;
}

/** Waits until the clients settle and equal the server, then asserts every invariant. */
export async function expectConvergence(
  pool: pg.Pool,
  clients: readonly FaultClient[],
  opts: { context?: string; timeoutMs?: number; alsoCheck?: readonly ClientUnderTest[] } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const prefix = opts.context ? `${opts.context}: ` : '';
  const start = Date.now();
  await until(
    () => clients.every((c) => c.settled()),
    () => `${prefix}clients to settle: ${clients.filter((c) => !c.settled()).map(unsettled).join('; ')}`,
    timeoutMs,
  );
  let last: string[] = [];
  await until(
    async () => {
      last = [];
      for (const c of clients) last.push(...(await replicaDifferences(pool, c)));
      return last.length === 0;
    },
    () => `${prefix}replicas to equal the server:\n  ${last.slice(0, 30).join('\n  ')}`,
    Math.max(5_000, timeoutMs - (Date.now() - start)),
    200,
  );
  await assertInvariants(pool, [...clients, ...(opts.alsoCheck ?? [])], opts.context);
}
