/**
 * The light live clients (bench/client/light-clients.ts), up to 25 per child
 * process, grown on demand to a total count. Each growth step starts from the
 * reader's current stream positions, so new clients catch up on a few changes,
 * never on the whole data set.
 */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { shapePositions } from '../client/full-client.ts';
import { lightCollectResult, lightStartResult } from '../client/light-clients.ts';
import { cpuSecondsOf } from '../cpu-time.ts';
import type { BenchContext } from '../context.ts';
import { BenchChild } from '../ipc.ts';
import { cpuProfArgs } from '../options.ts';
import type { FullClient } from './full-client.ts';

const PER_PROCESS = 25;

export class LightFleet {
  private readonly procs: BenchChild[] = [];
  count = 0;

  constructor(
    private readonly b: BenchContext,
    private readonly reader: FullClient,
  ) {}

  /** Adds clients until `total` are live (each signed in as its own device, up to date, long-polling). */
  async growTo(total: number): Promise<number> {
    if (total <= this.count) return 0;
    const t0 = performance.now();
    const positions = await this.reader.child.request('shape_positions', null, shapePositions);
    const starts: Promise<unknown>[] = [];
    while (this.count < total) {
      const n = Math.min(PER_PROCESS, total - this.count);
      const child = BenchChild.start(`live-${this.procs.length + 1}`, undefined, cpuProfArgs(this.b.options, 'live'));
      this.procs.push(child);
      this.count += n;
      const dir = await mkdtemp(path.join(this.b.tmp, 'live-'));
      starts.push(child.request('light_start', { dir, server_url: this.b.server.url, email: this.b.emails.viewer!, password: this.b.password, count: n, positions }, lightStartResult));
    }
    await Promise.all(starts);
    return (performance.now() - t0) / 1000;
  }

  /** CPU seconds the fleet's processes have used so far. */
  cpuSeconds(): number {
    return this.procs.reduce((sum, p) => sum + cpuSecondsOf(p.pid), 0);
  }

  async watch(id: string): Promise<void> {
    await Promise.all(this.procs.map((p) => p.request('light_watch', id, z.null())));
  }

  /** Waits (up to timeoutMs) until every client saw `id`, then returns when each did and how many never did. */
  async collect(id: string, timeoutMs: number): Promise<{ at: number[]; missing: number }> {
    await Promise.all(this.procs.map((p) => p.waitEvent('light_visible', id, timeoutMs)));
    const parts = await Promise.all(this.procs.map((p) => p.request('light_collect', id, lightCollectResult)));
    return { at: parts.flatMap((p) => p.at), missing: parts.reduce((s, p) => s + p.missing, 0) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.splice(0).map((p) => p.stop()));
    this.count = 0;
  }
}
