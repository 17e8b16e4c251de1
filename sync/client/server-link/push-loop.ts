/**
 * Sends the outbox to POST /v1/mutations in batches, oldest first.
 *
 *   idle ──local commit──► sending ──answer──► recordResults ──more pending?──► sending
 *                            │                                   └─none──► idle
 *                            ├─offline (no connection)──► recordFailure, wait backoff (with jitter) ──► sending
 *                            ├─429──► wait Retry-After (not a failure) ──► sending
 *                            ├─5xx, unreadable answer, batch refused──► recordFailure, wait backoff ──► sending,
 *                            │     after N of them: smaller batches until the one mutation at fault is
 *                            │     set aside as rejected `server_error` (batch-isolation.ts)
 *                            └─401──► stopped (signed out; wiped when the server says device_wiped)
 *
 * A batch is marked `sent` before it leaves, so a crash or a lost answer sends
 * it again after restart; the server's (device, mutation_id) idempotency key
 * makes that harmless: nothing is applied twice, nothing is lost.
 */
import { MAX_MUTATIONS_PER_BATCH } from '../../schema/mutations.ts';
import type { Replica } from '../replica/index.ts';
import { BatchIsolation } from './batch-isolation.ts';
import { SyncHttpError, type ServerApi } from './server-api.ts';

/** The rejection code of a mutation the server kept failing on (not one of the server's own codes). */
export const SERVER_ERROR = 'server_error';

export interface PushLoopOptions {
  replica: Replica;
  api: ServerApi;
  token: () => string;
  /**
   * Mutations per batch; default the most the server takes (MAX_MUTATIONS_PER_BATCH). The
   * server applies a batch in groups with one statement per run of same-shaped changes, so
   * its cost is mostly per request and per group: fewer, fuller batches drain a long outbox
   * faster (issue 13). Failing batches are split anyway (batch-isolation.ts).
   */
  batchSize?: number;
  /** First retry delay; doubles up to maxDelayMs, each with ±50% jitter so clients do not retry in step. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failing answers to one batch before it is split, or its single mutation set aside. Default 3. */
  attemptsBeforeIsolating?: number;
  onSending(pending: number): void;
  onIdle(): void;
  onOffline(reason: string): void;
  /** The server refused the token; `err` says why (err.deviceWiped: an admin wiped this device). */
  onSignedOut(reason: string, err: SyncHttpError): void;
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
  private readonly isolation: BatchIsolation;
  /** A 429's Retry-After: no batch leaves before this time, even when a local change wakes the loop. */
  private notBefore = 0;
  /** The single mutation that failed while the server answered everything else; one more failure sets it aside. */
  private suspect: string | null = null;

  constructor(private readonly o: PushLoopOptions) {
    this.isolation = new BatchIsolation(o.batchSize ?? MAX_MUTATIONS_PER_BATCH, o.attemptsBeforeIsolating ?? 3);
  }

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
        const holdOff = this.notBefore - Date.now();
        if (holdOff > 0) {
          await this.sleep(holdOff);
          continue;
        }
        const outbox = this.o.replica.outbox;
        const batch = outbox.nextBatch(this.isolation.size);
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
          this.suspect = null;
          this.isolation.succeeded();
        } catch (err) {
          if (this.stopped) return;
          const e = err instanceof SyncHttpError ? err : new SyncHttpError(0, 'network', String(err));
          outbox.recordFailure(ids, e.message);
          if (e.signedOut) {
            this.o.onSignedOut(e.message, e);
            this.stopped = true;
            return;
          }
          if (e.rateLimited) {
            // The server asked us to slow down: wait as long as it said, without counting a failure.
            this.notBefore = Date.now() + (e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : this.backoffMs());
            continue;
          }
          if (e.offline) {
            this.o.onOffline(e.message);
          } else {
            this.o.onError(e.message);
            if (await this.isolate(batch.length, ids[0]!, e.message)) continue;
          }
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

  /**
   * One more failing answer to a batch. Returns true when the next batch
   * should go at once: a culprit was set aside, or a suspect is sent once more
   * right after the server proved it answers (an outage that just ended must
   * not be blamed on the mutation that happened to be first in line).
   */
  private async isolate(batchLength: number, firstId: string, message: string): Promise<boolean> {
    if (batchLength === 1 && this.suspect === firstId) {
      this.suspect = null;
      this.o.replica.outbox.setAside(firstId, SERVER_ERROR, message);
      this.isolation.culpritSetAside();
      this.failures = 0;
      return true;
    }
    this.suspect = null;
    const step = this.isolation.failed(batchLength);
    // A smaller batch starts from the first delay: finding the culprit must not take the longest backoff at every level.
    if (step === 'split') this.failures = 0;
    if (step !== 'suspect' || !(await this.serverAnswersOtherwise())) return false;
    this.suspect = firstId;
    return true;
  }

  /** Whether the server and its database answer a request other than this mutation (not an outage). */
  private async serverAnswersOtherwise(): Promise<boolean> {
    this.inFlight = new AbortController();
    try {
      await this.o.api.me(this.o.token(), this.inFlight.signal);
      return !this.stopped;
    } catch {
      return false;
    }
  }
}
