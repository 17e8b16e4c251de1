/**
 * Change propagation (see changes.ts for the interval): `runs` runs of
 * `changes` changes at idle (only the writer and the reader connected), then
 * the same with `clients` light live clients connected, whose own latencies
 * are reported too. The server's RSS is read while those clients are live.
 */
import { MiB, record, type BenchContext } from '../context.ts';
import { percentiles } from '../stats.ts';
import { measureChanges } from './changes.ts';
import type { FullClient } from './full-client.ts';
import { LightFleet } from './light-fleet.ts';

export async function propagationPhase(b: BenchContext, writer: FullClient, reader: FullClient, contactIds: string[]): Promise<LightFleet> {
  const { runs, changes, clients } = b.options;
  const idle = { p50: [] as number[], p95: [] as number[], p99: [] as number[], cmd: [] as number[], answer: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const s = await measureChanges(b, writer, reader, contactIds, changes);
    const p = percentiles(s.reader);
    idle.p50.push(p.p50);
    idle.p95.push(p.p95);
    idle.p99.push(p.p99);
    idle.cmd.push(percentiles(s.commandToReader).p50);
    idle.answer.push(percentiles(s.commitToAnswer).p50);
    b.log(`propagation, idle, run ${run + 1}: p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)}, p99 ${p.p99.toFixed(1)} (${s.timeouts} timeouts)`);
  }
  record(b, 'propagation.idle.p50_ms', idle.p50);
  record(b, 'propagation.idle.p95_ms', idle.p95);
  record(b, 'propagation.idle.p99_ms', idle.p99);
  record(b, 'propagation.idle.command_to_visible_p50_ms', idle.cmd);
  // Not a figure of the issue, but it explains the write path: how long after its commit the writer hears "applied".
  b.details.idle_commit_to_writer_answer_p50_ms = idle.answer;

  const fleet = new LightFleet(b, reader);
  const startS = await fleet.growTo(clients);
  b.log(`${clients} light live clients connected in ${startS.toFixed(1)} s`);
  const loaded = { p50: [] as number[], p95: [] as number[], p99: [] as number[], light99: [] as number[], rss: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const s = await measureChanges(b, writer, reader, contactIds, changes, fleet);
    const p = percentiles(s.reader);
    const l = percentiles(s.light);
    loaded.p50.push(p.p50);
    loaded.p95.push(p.p95);
    loaded.p99.push(p.p99);
    loaded.light99.push(l.p99);
    loaded.rss.push(b.server.rssBytes() / MiB);
    b.log(`propagation, ${clients} live clients, run ${run + 1}: reader p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)}; live clients p50 ${l.p50.toFixed(1)}, p99 ${l.p99.toFixed(1)} (${s.timeouts} timeouts)`);
  }
  record(b, 'propagation.loaded.p50_ms', loaded.p50);
  record(b, 'propagation.loaded.p95_ms', loaded.p95);
  record(b, 'propagation.loaded.p99_ms', loaded.p99);
  record(b, 'propagation.loaded.live_clients_p99_ms', loaded.light99);
  record(b, 'resources.server_rss_mb', loaded.rss);
  return fleet;
}
