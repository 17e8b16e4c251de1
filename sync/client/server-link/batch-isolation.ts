/**
 * How big the push loop's next batch is while the server keeps failing on one
 * (layer 3 of "writes that must never stall a device"). A batch the server
 * answers with an error every time would otherwise hold back every later
 * edit, and its mutations would never become "rejected", so the user could
 * neither discard them nor sign out without losing everything. Bisection
 * finds the one mutation at fault:
 *
 *   full size ──N failures of a batch of n > 1──► size ⌈n/2⌉ (the oldest half goes first)
 *      ▲   ▲                                          │
 *      │   └──── a batch succeeded: size doubles ◄────┤
 *      │                                              └─N failures of a batch of 1──► suspect
 *      └──── culprit set aside (rejected, server_error) ◄── the server answers other requests
 *
 * A suspect is only set aside when the server proves it works otherwise (the
 * push loop asks it something else first), so an outage never turns the
 * whole outbox into rejections. Connectivity failures and 429s never count here.
 */
export type FailureStep = 'retry' | 'split' | 'suspect';

export class BatchIsolation {
  private current: number;
  private failures = 0;

  constructor(
    private readonly fullSize: number,
    /** Failures of a batch before it is split (or, when it is a single mutation, suspected). */
    private readonly attemptsPerBatch: number,
  ) {
    this.current = fullSize;
  }

  /** How many mutations the next batch may hold. */
  get size(): number {
    return this.current;
  }

  /** Full batches and no failure counted: the state in which the push loop may pipeline. */
  get healthy(): boolean {
    return this.failures === 0 && this.current === this.fullSize;
  }

  /** The batch was answered: the culprit, if any, lies further on; grow back towards full batches. */
  succeeded(): void {
    this.failures = 0;
    this.current = Math.min(this.fullSize, this.current * 2);
  }

  /** A failing answer (5xx, an unreadable answer, a batch refused whole) for a batch of `batchLength`. */
  failed(batchLength: number): FailureStep {
    this.failures++;
    if (this.failures < this.attemptsPerBatch) return 'retry';
    this.failures = 0;
    if (batchLength > 1) {
      this.current = Math.ceil(batchLength / 2);
      return 'split';
    }
    this.current = 1;
    return 'suspect';
  }

  /** The suspect left the queue; back to full batches. */
  culpritSetAside(): void {
    this.failures = 0;
    this.current = this.fullSize;
  }
}
