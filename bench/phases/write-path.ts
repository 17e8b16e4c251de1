/**
 * The write path on the writer client: quick-log latency as the user meets it
 * (one command at a time, sync running), and push throughput (a burst of
 * quick logs drained through the real push loop, batches of 500).
 */
import { z } from 'zod';
import { latencyResult, pushResult } from '../client/full-client.ts';
import { record, type BenchContext } from '../context.ts';
import { percentiles } from '../stats.ts';
import type { FullClient } from './full-client.ts';

export async function writePathPhase(b: BenchContext, writer: FullClient, contactIds: string[]): Promise<void> {
  b.log('write path: quick log latency and push throughput');
  const p50: number[] = [];
  const p99: number[] = [];
  const rate: number[] = [];
  for (let run = 0; run < b.options.runs; run++) {
    const { samples_ms } = await writer.child.request('command_latency', { n: b.options.quick ? 100 : 300, contact_ids: contactIds }, latencyResult);
    const p = percentiles(samples_ms);
    p50.push(p.p50);
    p99.push(p.p99);
    const push = await writer.child.request('push_throughput', { n: b.options.pushes, contact_ids: contactIds }, pushResult);
    if (push.rejected > 0) throw new Error(`the server rejected ${push.rejected} of the pushed mutations`);
    rate.push(push.mutations / push.seconds);
    b.log(`  run ${run + 1}: quick log p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms; push ${push.mutations} in ${push.seconds.toFixed(2)} s`);
  }
  // The stream must have delivered the burst before latencies are measured on it.
  const settled = await writer.child.request('settle', { timeout_ms: 10 * 60_000 }, z.object({ seconds: z.number() }));
  b.log(`  the writer's stream caught up ${settled.seconds.toFixed(1)} s after the last answer`);
  record(b, 'write.command_p50_ms', p50);
  record(b, 'write.command_p99_ms', p99);
  record(b, 'write.push_mutations_per_s', rate);
}

/**
 * Push throughput again with the light fleet connected: every applied change is
 * also fanned out to their live shapes on the server's event loop, the state a
 * busy office's server is in (issue 13's target: 1,000 mutations/s with 20 live clients).
 */
export async function loadedPushPhase(b: BenchContext, writer: FullClient, contactIds: string[]): Promise<void> {
  b.log(`write path: push throughput with ${b.options.clients} live clients`);
  const rate: number[] = [];
  for (let run = 0; run < b.options.runs; run++) {
    const push = await writer.child.request('push_throughput', { n: b.options.pushes, contact_ids: contactIds }, pushResult);
    if (push.rejected > 0) throw new Error(`the server rejected ${push.rejected} of the pushed mutations`);
    rate.push(push.mutations / push.seconds);
    b.log(`  run ${run + 1}: push ${push.mutations} in ${push.seconds.toFixed(2)} s with ${b.options.clients} live clients`);
  }
  const settled = await writer.child.request('settle', { timeout_ms: 10 * 60_000 }, z.object({ seconds: z.number() }));
  b.log(`  the writer's stream caught up ${settled.seconds.toFixed(1)} s after the last answer`);
  record(b, 'write.push_mutations_loaded_per_s', rate);
}

export const contactPick = z.object({ ids: z.array(z.uuid()).min(1) });
