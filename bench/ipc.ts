/**
 * The orchestrator talks to each bench child process (bench/client-process.ts)
 * over Node's IPC channel: requests by id with one reply each, and events the
 * child emits on its own (a marker became visible, a mutation was applied),
 * timestamped in the child so IPC delays never enter a measurement. Every
 * message is checked with zod on arrival, in both directions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { onCleanup } from './cleanup.ts';
import { rssOf } from './machine.ts';
import { BENCH_DIR, REPO_ROOT } from './options.ts';

export const requestMessage = z.strictObject({ id: z.number().int(), cmd: z.string().min(1), args: z.unknown() });
export type RequestMessage = z.infer<typeof requestMessage>;

export const childMessage = z.union([
  z.strictObject({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ type: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
  z.strictObject({ type: z.literal('event'), event: z.string(), key: z.string(), data: z.unknown() }),
]);
export type ChildMessage = z.infer<typeof childMessage>;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** One child process seen from the orchestrator. */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly buffered = new Map<string, unknown[]>();
  private readonly waiting = new Map<string, (data: unknown) => void>();
  private readonly exited: Promise<void>;
  private unregister: () => void;
  private stderrTail = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
      process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
    });
    child.on('message', (raw) => this.onMessage(raw));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${signal ?? code}) ${this.stderrTail.trim().split('\n').slice(-5).join(' | ')}`));
      this.pending.clear();
    });
    this.unregister = onCleanup(`child ${name}`, () => this.stop());
  }

  /**
   * Forks a child entry (TypeScript through tsx), one role per process:
   * bench/client-process.ts by default, or another entry under bench/;
   * `nodeArgs`: extra node flags (e.g. cpuProfArgs).
   */
  static start(name: string, entry = 'client-process.ts', nodeArgs: readonly string[] = []): BenchChild {
    const child = fork(path.join(BENCH_DIR, entry), [name], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', ...nodeArgs],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    return new BenchChild(name, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  rssBytes(): number {
    return rssOf(this.pid);
  }

  request<T>(cmd: string, args: unknown, schema: z.ZodType<T>): Promise<T> {
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`${this.name} is not running`));
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args } satisfies RequestMessage);
    }).then((value) => {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new Error(`${this.name} ${cmd}: unexpected reply: ${parsed.error.message}`);
      return parsed.data;
    });
  }

  /** The data of event `event` for `key`, also when it arrived before this call; undefined after timeoutMs. */
  waitEvent(event: string, key: string, timeoutMs: number): Promise<unknown | undefined> {
    const k = `${event}\u0000${key}`;
    const early = this.buffered.get(k);
    if (early?.length) {
      const data = early.shift();
      if (early.length === 0) this.buffered.delete(k);
      return Promise.resolve(data);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(k);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(k, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
    });
  }

  /** Drops buffered events nobody waited for (e.g. after a timeout), so they cannot grow without bound. */
  forgetEvents(): void {
    this.buffered.clear();
  }

  private onMessage(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`[${this.name}] malformed message ignored: ${parsed.error.message}\n`);
      return;
    }
    const m = parsed.data;
    if (m.type === 'event') {
      const k = `${m.event}\u0000${m.key}`;
      const waiter = this.waiting.get(k);
      if (waiter) {
        this.waiting.delete(k);
        waiter(m.data);
      } else {
        const list = this.buffered.get(k) ?? [];
        list.push(m.data);
        this.buffered.set(k, list);
      }
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(`${this.name}: ${m.error}`));
  }

  /** Asks the child to close what it holds and exit; kills it if it has not exited after a while. */
  async stop(timeoutMs = 15_000): Promise<void> {
    this.unregister();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) {
      this.child.send({ id: 0, cmd: 'exit', args: null } satisfies RequestMessage);
    } else {
      this.child.kill('SIGTERM');
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
