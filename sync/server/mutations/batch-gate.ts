/**
 * Admission of mutation batches, before any database connection is taken.
 *
 * A device's batches apply one at a time, in arrival order (its outbox order),
 * queued here in the process rather than on a PostgreSQL advisory lock: a
 * batch waiting for the lock used to hold a pooled connection, so one user
 * firing concurrent batches could take every connection and stall /health and
 * every other workspace. Now a waiting batch holds nothing but a promise.
 *
 * A session may have at most `maxPerSession` batches in (one applying, one
 * waiting behind it: the retry of a batch whose answer was lost); beyond that
 * the answer is 429 with Retry-After, which the client's push loop honours.
 */
import { HttpProblem } from '../http/problem.ts';

/** One applying, one queued behind it (a client's retry while its first attempt still runs). */
export const MAX_BATCHES_PER_SESSION = 2;
export const BUSY_RETRY_AFTER_SECONDS = 1;

export class BatchGate {
  /** Tail of each device's queue: resolves when its last admitted batch is done. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly maxPerSession = MAX_BATCHES_PER_SESSION) {}

  /** Runs `apply` once the device's earlier batches are done; 429 when the session already has its share in. */
  async run<T>(sessionId: string, deviceId: string, apply: () => Promise<T>): Promise<T> {
    const count = this.inFlight.get(sessionId) ?? 0;
    if (count >= this.maxPerSession) {
      throw new HttpProblem(
        429, 'too_many_batches',
        `this session already has ${count} mutation batches in progress; send the next one when an answer arrives`,
        undefined, { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
      );
    }
    this.inFlight.set(sessionId, count + 1);
    const previous = this.tails.get(deviceId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(deviceId, tail);
    try {
      await previous;
      return await apply();
    } finally {
      done();
      if (this.tails.get(deviceId) === tail) this.tails.delete(deviceId);
      const left = (this.inFlight.get(sessionId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(sessionId, left);
      else this.inFlight.delete(sessionId);
    }
  }
}
