/**
 * Server scale: grows the light live clients level by level and measures change
 * latency as every one of them sees it (plus the reader). The answer is the
 * largest level whose p99 stayed under 1 s; the ramp stops at the first level
 * that misses it, or when the time budget is spent. Each level is measured
 * `runs` times; a level's percentiles are the medians of its runs, and the
 * figure is, per run, the largest level that run kept under 1 s (so it has a
 * median, min and max like every other figure).
 */
import os from 'node:os';
import { MiB, record, type BenchContext } from '../context.ts';
import { cpuSecondsOf, descendantCpuSeconds, machineCpuSeconds } from '../cpu-time.ts';
import { percentile, percentiles } from '../stats.ts';
import { measureChanges } from './changes.ts';
import type { FullClient } from './full-client.ts';
import type { LightFleet } from './light-fleet.ts';

const P99_LIMIT_MS = 1000;

export interface ScaleLevel {
  live_clients: number;
  connect_s: number;
  samples: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Each run's p99, in run order. */
  p99_runs_ms: number[];
  timeouts: number;
  server_rss_mb: number;
  /**
   * CPU seconds used while this level's changes were measured (all its runs):
   * the server process, its PostgreSQL (the server's descendants), the light
   * clients' processes, and the whole machine (other users of a shared machine
   * included), over `wall_s` seconds on `cores` cores.
   */
  cpu_s: { server: number; postgres: number; light_clients: number; machine_busy: number; wall_s: number; cores: number };
}

/** CPU seconds so far, per party (see ScaleLevel.cpu_s). */
function cpuNow(b: BenchContext, fleet: LightFleet) {
  return {
    server: cpuSecondsOf(b.server.pid),
    postgres: descendantCpuSeconds(b.server.pid),
    light_clients: fleet.cpuSeconds(),
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
    const connect = await fleet.growTo(level);
    const each = [];
    let timeouts = 0;
    const cpuBefore = cpuNow(b, fleet);
    for (let r = 0; r < runs; r++) {
      const s = await measureChanges(b, writer, reader, contactIds, b.options.scaleChanges, fleet);
      each.push(percentiles([...s.light, ...s.reader]));
      timeouts += s.timeouts;
    }
    const cpuAfter = cpuNow(b, fleet);
    const used = (k: keyof typeof cpuAfter) => Math.round((cpuAfter[k] - cpuBefore[k]) * 10) / 10;
    const l: ScaleLevel = {
      live_clients: fleet.count,
      connect_s: connect,
      samples: each.reduce((n, p) => n + p.n, 0),
      p50_ms: median(each.map((p) => p.p50)),
      p95_ms: median(each.map((p) => p.p95)),
      p99_ms: median(each.map((p) => p.p99)),
      p99_runs_ms: each.map((p) => p.p99),
      timeouts,
      server_rss_mb: b.server.rssBytes() / MiB,
      cpu_s: {
        server: used('server'),
        postgres: used('postgres'),
        light_clients: used('light_clients'),
        machine_busy: used('machine_busy'),
        wall_s: used('wall_s'),
        cores: os.cpus().length,
      },
    };
    levels.push(l);
    b.log(
      `scale: ${l.live_clients} live clients: p50 ${l.p50_ms.toFixed(1)} ms, p99 ${l.p99_ms.toFixed(1)} ms, server RSS ${l.server_rss_mb.toFixed(0)} MiB; ` +
        `CPU s over ${l.cpu_s.wall_s} s: server ${l.cpu_s.server}, PostgreSQL ${l.cpu_s.postgres}, light clients ${l.cpu_s.light_clients}, whole machine ${l.cpu_s.machine_busy} of ${l.cpu_s.wall_s * l.cpu_s.cores}`,
    );
    each.forEach((p, r) => {
      if (missed[r]) return;
      if (p.p99 < P99_LIMIT_MS) best[r] = l.live_clients;
      else missed[r] = true;
    });
    if (missed.every(Boolean)) break;
  }
  b.details.scale_levels = levels;
  record(b, 'scale.max_live_clients', best);
}
