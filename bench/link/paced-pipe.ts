/**
 * One direction of one connection over a shaped link: bytes read from `src`
 * reach `dst` as they would over a slow, distant line. The pacing is a
 * virtual line clock (`Line`) rather than a token bucket refilled by a timer:
 * each chunk occupies the line for its serialization time (bytes * 8 / bits
 * per second) starting when the line is free, then arrives `delayMs` later
 * (propagation). So throughput is capped at the rate, a burst waits its turn
 * behind the previous one, and an idle line delivers a small request after
 * the delay alone, as a real link. The line is shared by every connection in
 * that direction (the client opens one long poll per table: they split the
 * rate, they do not each get it). One timer per pipe drains its queue in
 * order (separate timers could reorder chunks).
 * Chunks are forwarded whole (store and forward): at 64 KiB that is 26 ms of
 * line time at 20 Mbit/s, fine-grained enough for requests of a second or more.
 */
import type { Socket } from 'node:net';

export interface LinkShape {
  bitsPerSecond: number;
  /** One-way propagation delay; the round trip is twice this. */
  delayMs: number;
  /** Bytes queued on the line before the sender is paused (the router's buffer; TCP flow control does the rest). */
  bufferBytes: number;
}

/** One direction of the link, shared by every connection: when it is free to send the next byte. */
export class Line {
  private freeAt = 0;

  constructor(readonly shape: LinkShape) {}

  /** Puts `bytes` on the line after whatever is on it; returns when they arrive at the other end. */
  send(bytes: number): number {
    const start = Math.max(performance.now(), this.freeAt);
    this.freeAt = start + (bytes * 8 * 1000) / this.shape.bitsPerSecond;
    return this.freeAt + this.shape.delayMs;
  }
}

interface Queued {
  chunk: Buffer | null; // null: the sender ended, end `dst` once everything before it arrived
  due: number;
}

export class PacedPipe {
  /** Bytes delivered to `dst` so far. */
  bytes = 0;
  private readonly queue: Queued[] = [];
  private queued = 0;
  private lastDue = 0;
  private timer: NodeJS.Timeout | null = null;
  private paused = false;

  constructor(
    private readonly src: Socket,
    private readonly dst: Socket,
    private readonly line: Line,
  ) {
    src.on('data', (chunk: Buffer) => this.onData(chunk));
    // The end (FIN) follows the data on the line; it takes no line time of its own.
    src.on('end', () => this.push(null, Math.max(this.lastDue, line.send(0))));
  }

  private onData(chunk: Buffer): void {
    this.push(chunk, this.line.send(chunk.length));
    this.queued += chunk.length;
    if (!this.paused && this.queued > this.line.shape.bufferBytes) {
      this.paused = true;
      this.src.pause();
    }
  }

  private push(chunk: Buffer | null, due: number): void {
    this.lastDue = due;
    this.queue.push({ chunk, due });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.drain(), Math.max(0, this.queue[0]!.due - performance.now()));
  }

  private drain(): void {
    this.timer = null;
    // setTimeout may fire up to a millisecond early by our clock: deliver what is due within it.
    const now = performance.now() + 1;
    while (this.queue.length > 0 && this.queue[0]!.due <= now) {
      const { chunk } = this.queue.shift()!;
      if (chunk === null) {
        this.dst.end();
        continue;
      }
      if (this.dst.destroyed) continue;
      this.dst.write(chunk);
      this.bytes += chunk.length;
      this.queued -= chunk.length;
    }
    if (this.paused && this.queued <= this.line.shape.bufferBytes / 2) {
      this.paused = false;
      this.src.resume();
    }
    this.schedule();
  }

  /** Drops what is queued (the connection is gone). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}
