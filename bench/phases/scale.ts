/**
 * Server scale: grows the light live clients level by level and measures change
 * latency as every one of them sees it (plus the reader). The answer is the
 * largest level whose p99 stayed under 1 s; the ramp stops at the first level
 * that misses it, or when the time budget is spent. One pass (not `runs`):
 * each level is already `scaleChanges` x clients samples, and the ramp is long.
 */
import { MiB, record, type BenchContext } from '../context.ts';
import { percentiles } from '../stats.ts';
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
  timeouts: number;
  server_rss_mb: number;
}

export async function scalePhase(b: BenchContext, writer: FullClient, reader: FullClient, contactIds: string[], fleet: LightFleet): Promise<void> {
  const started = performance.now();
  const levels: ScaleLevel[] = [];
  let best = 0;
  for (const level of b.options.scaleLevels) {
    if ((performance.now() - started) / 1000 > b.options.scaleBudgetS) {
      b.log(`scale: time budget of ${b.options.scaleBudgetS} s spent; not trying ${level}`);
      break;
    }
    const connect = await fleet.growTo(level);
    const s = await measureChanges(b, writer, reader, contactIds, b.options.scaleChanges, fleet);
    const p = percentiles([...s.light, ...s.reader]);
    const l: ScaleLevel = {
      live_clients: fleet.count,
      connect_s: connect,
      samples: p.n,
      p50_ms: p.p50,
      p95_ms: p.p95,
      p99_ms: p.p99,
      timeouts: s.timeouts,
      server_rss_mb: b.server.rssBytes() / MiB,
    };
    levels.push(l);
    b.log(`scale: ${l.live_clients} live clients: p50 ${l.p50_ms.toFixed(1)} ms, p99 ${l.p99_ms.toFixed(1)} ms, server RSS ${l.server_rss_mb.toFixed(0)} MiB`);
    if (l.p99_ms >= P99_LIMIT_MS) break;
    best = l.live_clients;
  }
  b.details.scale_levels = levels;
  record(b, 'scale.max_live_clients', [best]);
}
