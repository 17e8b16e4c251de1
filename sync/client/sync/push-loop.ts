/**
 * Sends the outbox to POST /v1/mutations in batches, oldest first.
 *
 *   idle ──local commit──► sending ──answer──► recordResults ──more pending?──► sending
 *                            │                                   └─none──► idle
 *                            ├─network/5xx──► recordFailure, wait backoff (with jitter) ──► sending
 *                            └─401──► stopped (signed out)
 *
 * A batch is marked `sent` before it leaves, so a crash or a lost answer sends
 * it again after restart; the server's (device, mutation_id) idempotency key
 * makes that harmless: nothing is applied twice, nothing is lost.
 */
import type { Replica } from '../replica/index.ts';
import { SyncHttpError, type ServerApi } from './server-api.ts';

export interface PushLoopOptions {
  replica: Replica;
  api: ServerApi;
  token: () => string;
  batchSize?: number;
  /** First retry delay; doubles up to maxDelayMs, each with ±50% jitter so clients do not retry in step. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onSending(pending: number): void;
  onIdle(): void;
  onOffline(reason: string): void;
  onSignedOut(reason: string): void;
  /** The server refused the batch itself (not a mutation): shown as an error, retried with backoff. */
  onError(reason: string): void;
}

export class PushLoop {
  private running = false;
  private stopped = true;
  private wake: (() => void) | null = null;
  private failures = 0;
  private stopListening: (() => void) | null = null;
  private inFlight: AbortController | null = null;

  constructor(private readonly o: PushLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.stopListening = this.o.replica.onCommit((e) => {
      // Only the user's own changes wake the loop; outbox bookkeeping must not cut a backoff short.
      if (e.sources.has('local')) this.kick();
    });
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.stopListening?.();
    this.inFlight?.abort();
    this.wake?.();
  }

  /** Push now (a local change, or connectivity came back). */
  kick(): void {
    if (this.stopped) return;
    if (this.wake) {
      const w = this.wake;
      this.wake = null;
      w();
    }
    if (!this.running) void this.run();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private backoffMs(retryAfterSeconds?: number): number {
    const base = this.o.baseDelayMs ?? 1000;
    const max = this.o.maxDelayMs ?? 60_000;
    const exp = Math.min(max, base * 2 ** Math.min(this.failures, 16));
    const jittered = exp * (0.5 + Math.random());
    return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped) {
        const outbox = this.o.replica.outbox;
        const batch = outbox.nextBatch(this.o.batchSize ?? 200);
        if (batch.length === 0) {
          this.o.onIdle();
          return;
        }
        const ids = batch.map((m) => m.mutation_id);
        outbox.markSent(ids);
        this.o.onSending(outbox.unsyncedCount());
        this.inFlight = new AbortController();
        try {
          const answer = await this.o.api.pushMutations(this.o.token(), batch, this.inFlight.signal);
          outbox.recordResults(answer.results);
          this.failures = 0;
        } catch (err) {
          if (this.stopped) return;
          const e = err instanceof SyncHttpError ? err : new SyncHttpError(0, 'network', String(err));
          outbox.recordFailure(ids, e.message);
          if (e.signedOut) {
            this.o.onSignedOut(e.message);
            this.stopped = true;
            return;
          }
          if (e.offline) this.o.onOffline(e.message);
          else this.o.onError(e.message);
          this.failures++;
          await this.sleep(this.backoffMs(e.retryAfterSeconds));
        } finally {
          this.inFlight = null;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
