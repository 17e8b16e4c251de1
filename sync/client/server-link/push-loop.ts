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
 *
 * Pipelining: while the loop is healthy (full batches, no failure counted, no
 * hold-off), the batch behind the one in flight leaves at once, before that
 * answer, if the two are independent (batch-independence.ts: neither writes a
 * record the other writes or names). The server queues it behind the first
 * (batch-gate.ts takes two per session), so it never waits for this client's
 * bookkeeping of an answer and the next request (issue 13). Answers are
 * recorded in outbox order. When the first batch fails, the second one's
 * answer is awaited and recorded (or it goes back to pending too) before the
 * failure is handled as above, with one batch in flight again.
 */
import { MAX_MUTATIONS_PER_BATCH, type ClientMutation, type MutationResponse } from '../../schema/mutations.ts';
import type { Replica } from '../replica/index.ts';
import { independentBatches } from './batch-independence.ts';
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
  /** Send the next independent batch before the answer to the one in flight (default true). */
  pipeline?: boolean;
}

/** A batch on its way: marked sent, its request started. */
interface Flight {
  batch: ClientMutation[];
  ids: string[];
  answer: Promise<MutationResponse>;
  abort: AbortController;
}

export class PushLoop {
  private running = false;
  private stopped = true;
  private wake: (() => void) | null = null;
  private failures = 0;
  private stopListening: (() => void) | null = null;
  /** Requests on their way (two while pipelining); stop() aborts them. */
  private readonly inFlight = new Set<AbortController>();
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
    for (const a of this.inFlight) a.abort();
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

  /** Marks the batch sent and starts its request. */
  private launch(batch: ClientMutation[]): Flight {
    const outbox = this.o.replica.outbox;
    const ids = batch.map((m) => m.mutation_id);
    outbox.markSent(ids);
    this.o.onSending(outbox.unsyncedCount());
    const abort = new AbortController();
    this.inFlight.add(abort);
    const answer = this.o.api.pushMutations(this.o.token(), batch, abort.signal);
    // Awaited later (after the batch ahead of it): no unhandled rejection meanwhile.
    answer.catch(() => {});
    return { batch, ids, answer, abort };
  }

  /** The batch to send behind `current` before its answer, if the loop is healthy and the two are independent. */
  private pipelined(current: Flight): Flight | null {
    if (this.o.pipeline === false || this.stopped || !this.isolation.healthy) return null;
    if (this.failures > 0 || this.suspect !== null || this.notBefore > Date.now()) return null;
    const next = this.o.replica.outbox.nextBatch(this.isolation.size, current.ids[current.ids.length - 1]);
    if (next.length === 0 || !independentBatches(current.batch, next)) return null;
    return this.launch(next);
  }

  /** Records a batch's answer, or puts it back to pending; returns the error, if any. */
  private async settle(f: Flight): Promise<SyncHttpError | null> {
    try {
      const answer = await f.answer;
      this.o.replica.outbox.recordResults(answer.results);
      return null;
    } catch (err) {
      const e = err instanceof SyncHttpError ? err : new SyncHttpError(0, 'network', String(err));
      // Stopped (aborted): the replica may be closed already; the batch stays `sent` and goes again.
      if (!this.stopped) this.o.replica.outbox.recordFailure(f.ids, e.message);
      return e;
    } finally {
      this.inFlight.delete(f.abort);
    }
  }

  private async run(): Promise<void> {
    this.running = true;
    let ahead: Flight | null = null;
    try {
      while (!this.stopped) {
        let current: Flight;
        if (ahead) {
          current = ahead;
          ahead = null;
        } else {
          const holdOff = this.notBefore - Date.now();
          if (holdOff > 0) {
            await this.sleep(holdOff);
            continue;
          }
          const batch = this.o.replica.outbox.nextBatch(this.isolation.size);
          if (batch.length === 0) {
            this.o.onIdle();
            return;
          }
          current = this.launch(batch);
        }
        ahead = this.pipelined(current);
        const e = await this.settle(current);
        if (e === null) {
          this.failures = 0;
          this.suspect = null;
          this.isolation.succeeded();
          continue;
        }
        if (this.stopped) return;
        // The batch behind it is settled first (recorded, or back to pending): one failure at a time.
        if (ahead) {
          await this.settle(ahead);
          ahead = null;
          if (this.stopped) return;
        }
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
          if (await this.isolate(current.batch.length, current.ids[0]!, e.message)) continue;
        }
        this.failures++;
        await this.sleep(this.backoffMs(e.retryAfterSeconds));
      }
    } finally {
      // Stopped with a request still out: it stays `sent` and is sent again (idempotent) after a restart.
      if (ahead) this.inFlight.delete(ahead.abort);
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
    const abort = new AbortController();
    this.inFlight.add(abort);
    try {
      await this.o.api.me(this.o.token(), abort.signal);
      return !this.stopped;
    } catch {
      return false;
    } finally {
      this.inFlight.delete(abort);
    }
  }
}
