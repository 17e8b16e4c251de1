/**
 * `npm run bench` as a function: a real sync server on embedded PostgreSQL,
 * seeded, then real headless clients measured phase by phase, sequentially
 * (figures taken at the same time would disturb each other). Everything it
 * starts is stopped and removed at the end, also when a phase fails.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupAll, onCleanup } from './cleanup.ts';
import { ensureCommitTimestamps } from './commit-times.ts';
import { MiB, type BenchContext } from './context.ts';
import { machineInfo, type MachineInfo } from './machine.ts';
import { cpuProfArgs, type BenchOptions, type SkippablePhase } from './options.ts';
import { bulkPushPhase } from './phases/bulk-push.ts';
import { contactPick, loadedPushPhase, writePathPhase } from './phases/write-path.ts';
import { initialSyncPhase } from './phases/initial-sync.ts';
import { localReadsPhase } from './phases/local-reads.ts';
import { propagationPhase } from './phases/propagation.ts';
import { scalePhase } from './phases/scale.ts';
import { shapedLinkPhase } from './phases/shaped-link.ts';
import { wireBytesPhase } from './phases/wire-bytes.ts';
import { seedDatabase } from './seed-process.ts';
import { startServer } from './server-process.ts';
import type { Figure } from './stats.ts';
import { targetVerdicts } from './targets.ts';

export interface BenchResult {
  bench: 'sync';
  at: string;
  machine: MachineInfo;
  options: BenchOptions;
  setup: { server_start_s: number; seed_s: number; seeded_rows: Record<string, number>; server_rss_idle_mb: number; total_s: number };
  figures: Record<string, Figure>;
  /** Issue 13's target of each measured figure that has one, and whether its median meets it. */
  targets: Record<string, { target: string; met: boolean }>;
  details: Record<string, unknown>;
}

export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const t0 = performance.now();
  const at = new Date().toISOString();
  const machine = machineInfo();
  const tmp = await mkdtemp(path.join(tmpdir(), 'pantry-bench-'));
  onCleanup('temp dir', () => rm(tmp, { recursive: true, force: true }));
  // Run as root, PostgreSQL runs as the `postgres` user, who must be able to reach its data dir.
  await chmod(tmp, 0o755);
  try {
    log(`starting the sync server (embedded PostgreSQL in ${tmp})`);
    let server = await startServer(path.join(tmp, 'server'), log, cpuProfArgs(options, 'server'));
    const serverStartS = server.startSeconds;
    if (!(await ensureCommitTimestamps(server.adminUrl))) {
      // track_commit_timestamp takes effect at the next PostgreSQL start (see commit-times.ts).
      await server.stop();
      server = await startServer(path.join(tmp, 'server'), log, cpuProfArgs(options, 'server'));
      if (!(await ensureCommitTimestamps(server.adminUrl))) throw new Error('track_commit_timestamp is still off after a restart');
    }
    log(`server up in ${serverStartS.toFixed(1)} s (then restarted in ${server.startSeconds.toFixed(1)} s); seeding ${options.interactions} interactions`);
    const seedStart = performance.now();
    const seed = await seedDatabase(server.adminUrl, options.interactions, () => {});
    const seedS = (performance.now() - seedStart) / 1000;
    log(`seeded in ${seedS.toFixed(1)} s: ${JSON.stringify(seed.counts)}`);
    const workspaceId = seed.workspaces[0]!.id;
    const emails: Record<string, string> = {};
    for (const u of seed.users) if (u.workspace_id === workspaceId) emails[u.role] ??= u.email;
    const b: BenchContext = {
      options,
      server,
      tmp,
      workspaceId,
      emails,
      password: seed.users[0]!.password,
      figures: {},
      details: {},
      log,
    };
    const serverRssIdle = server.rssBytes() / MiB;

    const runs = (phase: SkippablePhase) => !options.skip.includes(phase);
    const { writer, reader } = await initialSyncPhase(b);
    if (runs('wire')) await wireBytesPhase(b);
    if (runs('link')) await shapedLinkPhase(b);
    if (runs('reads')) await localReadsPhase(b, reader);
    const { ids: contacts } = await writer.child.request('pick_contacts', { n: 200 }, contactPick);
    if (runs('write')) await writePathPhase(b, writer, contacts);
    // The scale ramp grows the fleet the loaded propagation figure connected.
    if (runs('propagation')) {
      const fleet = await propagationPhase(b, writer, reader, contacts);
      if (runs('write')) await loadedPushPhase(b, writer, contacts);
      if (runs('scale')) await scalePhase(b, writer, reader, contacts, fleet);
      await fleet.stop();
    }
    await Promise.all([writer.child.stop(), reader.child.stop()]);
    if (runs('bulk-push')) await bulkPushPhase(b);
    await server.stop();

    const result: BenchResult = {
      bench: 'sync',
      at,
      machine,
      options,
      setup: { server_start_s: serverStartS, seed_s: seedS, seeded_rows: seed.counts, server_rss_idle_mb: serverRssIdle, total_s: 0 },
      figures: b.figures as Record<string, Figure>,
      targets: targetVerdicts(b.figures as Record<string, Figure>),
      details: b.details,
    };
    result.setup.total_s = (performance.now() - t0) / 1000;
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await cleanupAll(log);
  }
}
