/**
 * A desktop client as its own OS process, so a test can kill -9 it for real.
 * Started by client-process-control.ts with its settings in the
 * FAULT_CLIENT_CONFIG environment variable; reports on stdout, one JSON object
 * a line (written synchronously, so a line is out before anything that follows):
 *
 *   {"event":"enqueued","entries":[...]}   the writes are committed to the outbox (before any sync)
 *   {"event":"started"}                     the SyncClient runs
 *   {"event":"paused-in-apply","table",…}   pauseInReplaceOf: the table's snapshot is swapped in, not committed
 *   {"event":"paused-in-stream","table",…}  pauseInStreamOf: part of the table's snapshot is staged (committed), the rest not fetched
 *   {"event":"settled","peak_rss_mib"}      all tables up to date, no outbox entry in play (then exits 0)
 */
import { writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Replica } from '../../client/replica/index.ts';
import { SyncClient } from '../../client/server-link/sync-client.ts';
import type { TableName } from '../../schema/index.ts';
import { quickSyncOptions } from './sync-options.ts';

export const clientProcessConfig = z.strictObject({
  file: z.string(),
  serverUrl: z.url(),
  token: z.string(),
  actorId: z.uuid(),
  workspaceId: z.uuid(),
  /** Organizations to create, in one outbox transaction. */
  writes: z.number().int().min(0).default(0),
  /** Write only once every table is up to date (a client in normal use), instead of before syncing. */
  writeAfterInitialSync: z.boolean().default(false),
  /** Hold the first replace of this table inside its open transaction (the test kills the process there). */
  pauseInReplaceOf: z.string().optional(),
  /** Hold the streamed snapshot of this table once `pauseAfterStagedRows` of its rows are staged and committed. */
  pauseInStreamOf: z.string().optional(),
  pauseAfterStagedRows: z.number().int().min(1).default(1),
});
export type ClientProcessConfig = z.input<typeof clientProcessConfig>;

function report(event: Record<string, unknown>): void {
  writeSync(1, `${JSON.stringify(event)}\n`);
}

function main(): void {
  const cfg = clientProcessConfig.parse(JSON.parse(process.env.FAULT_CLIENT_CONFIG ?? '{}'));
  const replica = Replica.open(cfg.file, { actorId: cfg.actorId });

  const write = () => {
    // One transaction, so the first push carries them all.
    const entries = replica.outbox.enqueue(
      Array.from({ length: cfg.writes }, (_, i) => ({
        table: 'organizations' as const,
        op: 'insert' as const,
        row_id: randomUUID(),
        workspace_id: cfg.workspaceId,
        changes: { name: `Process write ${i}` },
      })),
    );
    report({ event: 'enqueued', entries: entries.map(({ mutation_id, table, op, row_id }) => ({ mutation_id, table, op, row_id })) });
  };
  if (!cfg.writeAfterInitialSync) write();

  const server = replica.fromServer;
  const hold = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  const stagedRows = (table: string) =>
    (replica.db.prepare(`SELECT count(*) AS n FROM "${table}_staging"`).get() as { n: number }).n;
  if (cfg.pauseInReplaceOf) {
    // Fault injection: wrap the swap in an outer transaction and block before it commits,
    // so the kill lands while the snapshot replaces the table's rows, uncommitted.
    const replaceFromStaging = server.replaceFromStaging.bind(server);
    server.replaceFromStaging = (table: TableName, options) =>
      replica.transaction(() => {
        const rows = table === cfg.pauseInReplaceOf ? stagedRows(table) : 0;
        const result = replaceFromStaging(table, options);
        if (table === cfg.pauseInReplaceOf) {
          report({ event: 'paused-in-apply', table, rows });
          hold();
        }
        return result;
      });
  }
  if (cfg.pauseInStreamOf) {
    // Fault injection: block once enough of the streamed snapshot is staged (those batches are
    // committed), so the kill lands mid-download with staging leftovers on disk.
    const stageSnapshot = server.stageSnapshot.bind(server);
    server.stageSnapshot = (table: TableName, changes) => {
      stageSnapshot(table, changes);
      if (table !== cfg.pauseInStreamOf) return;
      const staged = stagedRows(table);
      if (staged < cfg.pauseAfterStagedRows) return;
      report({ event: 'paused-in-stream', table, staged });
      hold();
    };
  }

  const sync = new SyncClient(quickSyncOptions(replica, cfg.serverUrl, cfg.token));
  sync.start();
  report({ event: 'started' });
  let written = !cfg.writeAfterInitialSync;
  // Where the memory went, sampled on the loop (between batches): for a failing budget's message.
  const peak = { heap_total_mib: 0, external_mib: 0, array_buffers_mib: 0 };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.heap_total_mib = Math.max(peak.heap_total_mib, Math.round(m.heapTotal / 2 ** 20));
    peak.external_mib = Math.max(peak.external_mib, Math.round(m.external / 2 ** 20));
    peak.array_buffers_mib = Math.max(peak.array_buffers_mib, Math.round(m.arrayBuffers / 2 ** 20));
    if (!written && sync.allUpToDate) {
      written = true;
      write();
    }
    const n = replica.outbox.counts();
    if (written && sync.allUpToDate && n.pending + n.sent + n.applied === 0) {
      clearInterval(timer);
      sync.stop();
      replica.close();
      // Peak resident memory of this process over its whole run (getrusage ru_maxrss, KiB).
      report({ event: 'settled', peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024), ...peak });
      process.exit(0);
    }
  }, 50);
}

main();
