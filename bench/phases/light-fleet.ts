/**
 * A fleet of live clients in child processes, grown on demand to a total
 * count: light clients (bench/client/light-clients.ts, a real SyncClient and
 * SQLite replica each, 25 per process) or poll-only clients
 * (bench/client/poll-clients.ts, Electric long polls over HTTP and nothing
 * else, 100 per process). Each growth step starts from the reader's current
 * stream positions, so new clients catch up on a few changes, never on the
 * whole data set. Clients stay connected from one level to the next: a level
 * signs in only the devices it adds.
 */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { shapePositions } from '../client/full-client.ts';
import { lightCollectResult, lightStartResult } from '../client/light-clients.ts';
import { pollStartResult } from '../client/poll-clients.ts';
import { cpuSecondsOf } from '../cpu-time.ts';
import type { BenchContext } from '../context.ts';
import { BenchChild } from '../ipc.ts';
import { cpuProfArgs } from '../options.ts';
import type { FullClient } from './full-client.ts';

export type FleetKind = 'light' | 'poll';
const PER_PROCESS: Record<FleetKind, number> = { light: 25, poll: 100 };

export class LightFleet {
  private readonly procs: BenchChild[] = [];
  count = 0;
  /** The last growth step's sign-ins (slowest process, wall seconds); 0 before any. */
  lastSignInS = 0;

  constructor(
    private readonly b: BenchContext,
    private readonly reader: FullClient,
    readonly kind: FleetKind = 'light',
  ) {}

  /** Adds clients until `total` are live (each signed in as its own device, up to date, long-polling). */
  async growTo(total: number): Promise<number> {
    if (total <= this.count) return 0;
    const t0 = performance.now();
    const positions = await this.reader.child.request('shape_positions', null, shapePositions);
    const starts: Promise<{ seconds: number; sign_in_s?: number }>[] = [];
    const common = { server_url: this.b.server.url, email: this.b.emails.viewer!, password: this.b.password, positions };
    while (this.count < total) {
      const n = Math.min(PER_PROCESS[this.kind], total - this.count);
      const name = `${this.kind === 'light' ? 'live' : 'poll'}-${this.procs.length + 1}`;
      const child = BenchChild.start(name, undefined, cpuProfArgs(this.b.options, this.kind === 'light' ? 'live' : 'poll'));
      this.procs.push(child);
      this.count += n;
      if (this.kind === 'poll') {
        starts.push(child.request('poll_start', { ...common, count: n }, pollStartResult));
      } else {
        const dir = await mkdtemp(path.join(this.b.tmp, 'live-'));
        starts.push(child.request('light_start', { ...common, dir, count: n }, lightStartResult));
      }
    }
    const done = await Promise.all(starts);
    this.lastSignInS = Math.max(0, ...done.map((d) => d.sign_in_s ?? 0));
    return (performance.now() - t0) / 1000;
  }

  /** CPU seconds the fleet's processes have used so far. */
  cpuSeconds(): number {
    return this.procs.reduce((sum, p) => sum + cpuSecondsOf(p.pid), 0);
  }

  async watch(id: string): Promise<void> {
    await Promise.all(this.procs.map((p) => p.request(`${this.kind}_watch`, id, z.null())));
  }

  /** Waits (up to timeoutMs) until every client saw `id`, then returns when each did and how many never did. */
  async collect(id: string, timeoutMs: number): Promise<{ at: number[]; missing: number }> {
    await Promise.all(this.procs.map((p) => p.waitEvent(`${this.kind}_visible`, id, timeoutMs)));
    const parts = await Promise.all(this.procs.map((p) => p.request(`${this.kind}_collect`, id, lightCollectResult)));
    return { at: parts.flatMap((p) => p.at), missing: parts.reduce((s, p) => s + p.missing, 0) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.splice(0).map((p) => p.stop()));
    this.count = 0;
  }
}
