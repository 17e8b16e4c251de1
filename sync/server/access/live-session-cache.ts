/**
 * Sessions recently validated in PostgreSQL, reused for live long polls only.
 *
 * Why: every desktop holds one long poll per replicated table, and each change
 * to a table answers every poll waiting on it, which all come straight back.
 * Checking the session in the database for each of them made the server pay
 * one round trip per client per change (bench/README.md, "Where the time goes
 * at scale").
 *
 * Why it stays safe: a cached session is only used for a live request, which
 * the access watch tracks for its whole life; an access change (device revoked
 * or wiped, resync, member removed, user disabled, session closed) arrives as a
 * NOTIFY that bumps the watch's epoch, which empties this cache, and its
 * recheck aborts the tracked poll with 401 at once. An entry is also kept only
 * while the epoch it was read under is current, for at most `ttlMs` (below the
 * watch's safety-net interval) or, when the watch's periodic recheck read it,
 * until just past the next recheck (the bound its tracked polls have anyway), and never past the session's expiry. The race
 * of an entry read just before a NOTIFY lands is closed by AccessWatch.track,
 * which rechecks a request authenticated under an older epoch. Non-live
 * requests (first syncs, catch-up, every other route) always ask PostgreSQL.
 */
import type { Session } from '../auth/sessions.ts';

interface Entry {
  session: Session;
  epoch: number;
  expiresAt: number;
}

/** More entries than this and the oldest go: a bound on memory, far above the clients of one server. */
const MAX_ENTRIES = 20_000;

export class LiveSessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** The access watch's epoch: bumped whenever access may have changed. */
    private readonly epoch: () => number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached session of a token (by its sha256 in hex) if it is still trustworthy. */
  get(hashHex: string): { session: Session; epoch: number } | undefined {
    const e = this.entries.get(hashHex);
    if (!e) return undefined;
    const now = this.now();
    if (e.epoch !== this.epoch() || now >= e.expiresAt || now >= e.session.expiresAt.getTime()) {
      this.entries.delete(hashHex);
      return undefined;
    }
    return { session: e.session, epoch: e.epoch };
  }

  /**
   * Keeps a session read from PostgreSQL; `epoch` is the one taken BEFORE the
   * query was sent, so an access change announced during it makes the entry stale.
   */
  put(hashHex: string, session: Session, epoch: number, ttlMs?: number): void {
    if (epoch !== this.epoch()) return;
    this.entries.delete(hashHex);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    // Spread the re-validations of many clients signed in together over a quarter of the TTL
    // (an explicit ttlMs, from the access watch's periodic recheck, is kept as given).
    const ttl = ttlMs ?? this.ttlMs * (0.75 + Math.random() * 0.25);
    this.entries.set(hashHex, { session, epoch, expiresAt: this.now() + ttl });
  }

  delete(hashHex: string): void {
    this.entries.delete(hashHex);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
