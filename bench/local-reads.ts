/**
 * `npm run bench:local`: local reads and writes of the desktop core on a replica
 * at PERF-NOTES scale (100k interactions, 10k organizations, 157k rows), with
 * no server involved. Prints a table and writes bench/results/local-reads-<time>.json.
 * Each figure is a p50/p95 over repeated runs in the same process (compare
 * figures within one run: the machine is shared and noisy).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableName } from '../sync/schema/index.ts';
import * as c from '../main/core/index.ts';
import { openTestCore } from '../main/core/testing/test-support.ts';
import { perfData } from '../main/core/testing/perf-data.ts';

interface Figure {
  what: string;
  runs: number;
  p50_ms: number;
  p95_ms: number;
  min_ms: number;
  max_ms: number;
}

const figures: Figure[] = [];

function measure(what: string, runs: number, fn: () => void): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(runs - 1, Math.floor(runs * q))]!;
  figures.push({ what, runs, p50_ms: at(0.5), p95_ms: at(0.95), min_ms: times[0]!, max_ms: times[runs - 1]! });
}

const core = openTestCore();
// Open follow-ups dealt among the user and nine teammates: Mine is about a tenth of Team.
const teammates = Array.from({ length: 9 }, (_, i) => `00000000-0000-7000-8000-00000000000${i}`);
const data = perfData(core.workspaceId, core.t.replica.now(), 1, [core.userId, ...teammates]);
let rows = 0;
const t0 = performance.now();
for (const [table, list] of Object.entries(data)) {
  core.t.replica.fromServer.replaceRows(table as TableName, list, { shape: { handle: 'h', offset: '0_0' } });
  rows += list.length;
}
const loadSeconds = (performance.now() - t0) / 1000;

measure('principal dashboard', 20, () => void c.principalDashboard(core.ctx));
measure('pipeline by stage', 20, () => void c.pipelineByStage(core.ctx, {}));
measure('interactions list, page 1 of 50', 50, () => void c.interactionList.run(core.ctx, { limit: 50 }));
let cursor: string | undefined;
for (let i = 0; i < 99; i++) {
  cursor = c.interactionList.run(core.ctx, { limit: 50, ...(cursor ? { cursor } : {}) }).next_cursor!;
}
measure('interactions list, page 100 (keyset)', 50, () => void c.interactionList.run(core.ctx, { limit: 50, cursor }));
measure('organizations list by name, page 1', 50, () => void c.organizationList.run(core.ctx, { limit: 50 }));
measure('follow-ups (open, by date), page 1', 50, () => void c.followUps(core.ctx, { limit: 50 }));
measure('follow-ups Mine (assigned to me), page 1', 50, () => void c.followUps(core.ctx, { limit: 50, scope: 'mine' }));
measure('follow-up counts, Team', 50, () => void c.followUpCounts(core.ctx, {}));
measure('follow-up counts, Mine', 50, () => void c.followUpCounts(core.ctx, { scope: 'mine' }));
measure('follow-up reminders (mine, fallen due + digest)', 50, () => void c.followUpRemindersFor(core.ctx, {}));
measure('search, rare term', 20, () => void c.search(core.ctx, { q: 'Opportunity 4242' }));
measure('search, term in most interactions', 10, () => void c.search(core.ctx, { q: 'sauce' }));
const org = c.organizationList.run(core.ctx, { is_principal: false, limit: 1 }).rows[0]!;
measure('record detail with timeline', 20, () => void c.recordDetail(core.ctx, { table: 'organizations', id: org.id as string }));
const contact = c.contactList.run(core.ctx, { limit: 1 }).rows[0]!;
measure('command: quick log interaction', 200, () =>
  void c.logInteraction(core.ctx, { interaction_type: 'Phone Call', contact_id: contact.id as string, notes: 'quick call about the sample' }),
);
measure('dashboard with 200 pending local edits', 10, () => void c.principalDashboard(core.ctx));

const dbFile = core.t.replica.path;
const { size } = await import('node:fs').then((fs) => fs.statSync(dbFile));
core.cleanup();

const result = {
  bench: 'local-reads',
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg() },
  initial_load: { rows, seconds: loadSeconds, rows_per_second: Math.round(rows / loadSeconds) },
  sqlite_file_bytes: size,
  rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  figures,
};
console.log(`initial load: ${rows} rows in ${loadSeconds.toFixed(2)} s (${result.initial_load.rows_per_second} rows/s); file ${(size / 2 ** 20).toFixed(1)} MiB; RSS ${result.rss_mb} MiB`);
console.table(figures.map((f) => ({ what: f.what, runs: f.runs, p50: f.p50_ms.toFixed(2), p95: f.p95_ms.toFixed(2), min: f.min_ms.toFixed(2), max: f.max_ms.toFixed(2) })));
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
await mkdir(dir, { recursive: true });
const out = path.join(dir, `local-reads-${result.at.replace(/[:.]/g, '-')}.json`);
await writeFile(out, JSON.stringify(result, null, 2));
console.log(`wrote ${out}`);
