/**
 * Server scale: grows the live clients level by level and measures change
 * latency at each. A level's N live clients are the propagation phase's light
 * clients (real SyncClients with SQLite replicas: the sample that measures
 * commit -> visible, with the reader) plus N minus that many poll-only clients
 * (bench/client/poll-clients.ts: real devices holding real Electric long polls,
 * without the SQLite work that would put every desktop's CPU on the server's 2
 * cores). A level passes when both the sample's p99 and the poll-only clients'
 * commit -> answer p99 stay under 1 s. The answer is the largest level that
 * passed; the ramp stops at the first level that misses, or when the time
 * budget is spent. Each level is measured `runs` times; a level's percentiles
 * are the medians of its runs, and the figure is, per run, the largest level
 * that run kept under 1 s (so it has a median, min and max like every other figure).
 */
import os from 'node:os';
import { MiB, record, type BenchContext } from '../context.ts';
import { cpuSecondsOf, descendantCpuSeconds, machineCpuSeconds } from '../cpu-time.ts';
import { percentile, percentiles } from '../stats.ts';
import { measureChanges } from './changes.ts';
import type { FullClient } from './full-client.ts';
import { LightFleet } from './light-fleet.ts';

const P99_LIMIT_MS = 1000;

export interface ScaleLevel {
  /** Full light clients + poll-only clients. */
  live_clients: number;
  full_clients: number;
  poll_clients: number;
  /** Seconds to add this level's new clients (sign-in to every poll live), and of that the sign-ins (slowest process). */
  connect_s: number;
  sign_in_s: number;
  samples: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Each run's p99, in run order. */
  p99_runs_ms: number[];
  timeouts: number;
  /** The poll-only clients' commit -> answer percentiles (medians of runs) and misses. */
  poll_p50_ms: number;
  poll_p99_ms: number;
  poll_p99_runs_ms: number[];
  poll_timeouts: number;
  server_rss_mb: number;
  /**
   * CPU seconds used while this level's changes were measured (all its runs):
   * the server process, its PostgreSQL (the server's descendants), the light
   * clients' processes, and the whole machine (other users of a shared machine
   * included), over `wall_s` seconds on `cores` cores.
   */
  cpu_s: { server: number; postgres: number; light_clients: number; poll_clients: number; machine_busy: number; wall_s: number; cores: number };
  /** Server + PostgreSQL CPU seconds per measured change: the figure that compares across machine states. */
  server_cpu_s_per_change: number;
}

/** CPU seconds so far, per party (see ScaleLevel.cpu_s). */
function cpuNow(b: BenchContext, fleet: LightFleet, polls: LightFleet) {
  return {
    server: cpuSecondsOf(b.server.pid),
    postgres: descendantCpuSeconds(b.server.pid),
    light_clients: fleet.cpuSeconds(),
    poll_clients: polls.cpuSeconds(),
    machine_busy: machineCpuSeconds().busy,
    wall_s: performance.now() / 1000,
  };
}

export async function scalePhase(
  b: BenchContext,
  writer: FullClient,
  reader: FullClient,
  contactIds: string[],
  fleet: LightFleet,
): Promise<void> {
  const started = performance.now();
  const polls = new LightFleet(b, reader, 'poll');
  try {
    await ramp(b, writer, reader, contactIds, fleet, polls, started);
  } finally {
    await polls.stop();
  }
}

async function ramp(
  b: BenchContext,
  writer: FullClient,
  reader: FullClient,
  contactIds: string[],
  fleet: LightFleet,
  polls: LightFleet,
  started: number,
): Promise<void> {
  const levels: ScaleLevel[] = [];
  const runs = b.options.runs;
  // Per run: the largest level under the limit so far, and whether that run has missed it once.
  const best: number[] = Array.from({ length: runs }, () => 0);
  const missed: boolean[] = Array.from({ length: runs }, () => false);
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((x, y) => x - y),
      0.5,
    );
  for (const level of b.options.scaleLevels) {
    if ((performance.now() - started) / 1000 > b.options.scaleBudgetS) {
      b.log(`scale: time budget of ${b.options.scaleBudgetS} s spent; not trying ${level}`);
      break;
    }
    const connect = await polls.growTo(level - fleet.count);
    const each = [];
    const eachPoll: { p50: number; p99: number }[] = [];
    let timeouts = 0;
    let pollTimeouts = 0;
    const cpuBefore = cpuNow(b, fleet, polls);
    for (let r = 0; r < runs; r++) {
      const s = await measureChanges(b, writer, reader, contactIds, b.options.scaleChanges, fleet, polls);
      each.push(percentiles([...s.light, ...s.reader]));
      // No poll-only clients at this level: they cannot miss.
      eachPoll.push(s.polls.length > 0 ? percentiles(s.polls) : { p50: 0, p99: 0 });
      timeouts += s.timeouts;
      pollTimeouts += s.pollTimeouts;
    }
    const cpuAfter = cpuNow(b, fleet, polls);
    const used = (k: keyof typeof cpuAfter) => Math.round((cpuAfter[k] - cpuBefore[k]) * 10) / 10;
    const l: ScaleLevel = {
      live_clients: fleet.count + polls.count,
      full_clients: fleet.count,
      poll_clients: polls.count,
      connect_s: connect,
      sign_in_s: connect > 0 ? polls.lastSignInS : 0,
      samples: each.reduce((n, p) => n + p.n, 0),
      p50_ms: median(each.map((p) => p.p50)),
      p95_ms: median(each.map((p) => p.p95)),
      p99_ms: median(each.map((p) => p.p99)),
      p99_runs_ms: each.map((p) => p.p99),
      timeouts,
      poll_p50_ms: median(eachPoll.map((p) => p.p50)),
      poll_p99_ms: median(eachPoll.map((p) => p.p99)),
      poll_p99_runs_ms: eachPoll.map((p) => p.p99),
      poll_timeouts: pollTimeouts,
      server_rss_mb: b.server.rssBytes() / MiB,
      cpu_s: {
        server: used('server'),
        postgres: used('postgres'),
        light_clients: used('light_clients'),
        poll_clients: used('poll_clients'),
        machine_busy: used('machine_busy'),
        wall_s: used('wall_s'),
        cores: os.cpus().length,
      },
      server_cpu_s_per_change: Math.round(((used('server') + used('postgres')) / (b.options.scaleChanges * runs)) * 1000) / 1000,
    };
    levels.push(l);
    b.log(
      `scale: ${l.live_clients} live clients (${l.full_clients} full, ${l.poll_clients} poll-only; added in ${connect.toFixed(1)} s, sign-ins ${l.sign_in_s.toFixed(1)} s): ` +
        `full sample p50 ${l.p50_ms.toFixed(1)} ms, p99 ${l.p99_ms.toFixed(1)} ms; poll-only answers p50 ${l.poll_p50_ms.toFixed(1)} ms, p99 ${l.poll_p99_ms.toFixed(1)} ms (${l.poll_timeouts} missed); server RSS ${l.server_rss_mb.toFixed(0)} MiB; ` +
        `CPU s over ${l.cpu_s.wall_s} s: server ${l.cpu_s.server}, PostgreSQL ${l.cpu_s.postgres} (${l.server_cpu_s_per_change} per change), light clients ${l.cpu_s.light_clients}, poll-only clients ${l.cpu_s.poll_clients}, whole machine ${l.cpu_s.machine_busy} of ${l.cpu_s.wall_s * l.cpu_s.cores}`,
    );
    each.forEach((p, r) => {
      if (missed[r]) return;
      if (p.p99 < P99_LIMIT_MS && eachPoll[r]!.p99 < P99_LIMIT_MS) best[r] = l.live_clients;
      else missed[r] = true;
    });
    if (missed.every(Boolean)) break;
  }
  b.details.scale_levels = levels;
  record(b, 'scale.max_live_clients', best);
}
