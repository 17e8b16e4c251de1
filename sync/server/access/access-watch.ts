/**
 * Cuts off in-flight shape requests the moment access ends. Each shape request
 * registers here with an AbortController; the watch re-checks every tracked
 * session in one query whenever PostgreSQL announces an access change on the
 * `crm_access` channel (triggers of migration 0009: device revoked or resync
 * requested, member removed, user disabled, session closed) and, as a safety
 * net for a lost LISTEN connection, every ACCESS_RECHECK_INTERVAL.
 * A request whose session is gone is aborted with reason 'revoked'; one whose
 * device's resync generation changed is aborted with reason 'resync'.
 *
 * The epoch counts the access changes heard of (and lost LISTEN connections):
 * a session read under an older epoch may be stale, which is what lets live
 * long polls reuse recently read sessions (live-session-cache.ts) safely.
 */
import pg from 'pg';
import { findSessions, type Session } from '../auth/sessions.ts';
import { LiveSessionCache } from './live-session-cache.ts';

/** How long past the next periodic recheck a session it refreshed stays cached (that recheck's own query time). */
const REFRESH_SLACK_MS = 2000;

export type AbortReason = 'revoked' | 'resync' | 'client_closed' | 'shutdown';

/** A device's resync generation: changes whenever an admin forces a resync of it. */
export function resyncGeneration(resyncRequestedAt: Date | null): string {
  return resyncRequestedAt ? String(resyncRequestedAt.getTime()) : '0';
}

interface Tracked {
  tokenHash: Buffer;
  workspaceId: string;
  deviceId: string;
  generation: string;
  controller: AbortController;
}

export interface TrackedRequest {
  signal: AbortSignal;
  /** Why the signal fired, once it has. */
  reason(): AbortReason | undefined;
  abort(reason: AbortReason): void;
  release(): void;
}

export class AccessWatch {
  private readonly tracked = new Set<Tracked>();
  private listener: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  private again = false;
  private epochValue = 0;
  /** Sessions live long polls may reuse; emptied at every epoch. TTL: below the safety-net interval. */
  readonly liveSessions: LiveSessionCache;

  constructor(
    private readonly pool: pg.Pool,
    private readonly listenUrl: string,
    private readonly intervalMs: number,
    private readonly log: (msg: string) => void,
  ) {
    this.liveSessions = new LiveSessionCache(() => this.epochValue, Math.min(10_000, intervalMs));
  }

  /** Changes whenever access may have changed (see the file comment). */
  get epoch(): number {
    return this.epochValue;
  }

  /** Access may have changed: cached sessions are void and every tracked request is rechecked. */
  private accessChanged(): void {
    this.epochValue += 1;
    this.liveSessions.clear();
    void this.recheck();
  }

  async start(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => void this.recheck(), this.intervalMs);
    this.timer.unref();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.listenUrl });
    client.on('notification', () => this.accessChanged());
    client.on('error', (err) => this.log(`access events connection: ${err.message}`));
    client.on('end', () => {
      if (this.closed) return;
      this.listener = undefined;
      // Changes announced while disconnected are caught by this recheck and then by the interval.
      this.accessChanged();
      setTimeout(() => void this.listen().catch((e: Error) => this.log(`access events reconnect: ${e.message}`)), 1000).unref();
    });
    await client.connect();
    await client.query('LISTEN crm_access');
    this.listener = client;
  }

  /**
   * Registers a request for the rest of its life. `authEpoch`: the epoch its
   * session was read (or taken from the cache) under; if access changed since,
   * the session may already be void, so it is rechecked now rather than at the
   * next change or interval.
   */
  track(session: Session, authEpoch = this.epochValue): TrackedRequest {
    const entry: Tracked = {
      tokenHash: session.tokenHash,
      workspaceId: session.workspaceId,
      deviceId: session.deviceId,
      generation: resyncGeneration(session.resyncRequestedAt),
      controller: new AbortController(),
    };
    this.tracked.add(entry);
    if (authEpoch !== this.epochValue) void this.recheck();
    return {
      signal: entry.controller.signal,
      reason: () => (entry.controller.signal.aborted ? (entry.controller.signal.reason as AbortReason) : undefined),
      abort: (reason) => entry.controller.abort(reason),
      release: () => void this.tracked.delete(entry),
    };
  }

  /** Re-checks every tracked session; concurrent calls coalesce into one more pass. */
  recheck(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkOnce().catch((e: Error) => this.log(`access recheck failed: ${e.message}`));
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    const entries = [...this.tracked];
    if (entries.length === 0) return;
    const unique = new Map(entries.map((e) => [e.tokenHash.toString('hex'), e.tokenHash]));
    const epoch = this.epochValue;
    const valid = await findSessions(this.pool, [...unique.values()]);
    // Every session just read is what a live poll's cache wants: the clients holding polls now
    // will poll again, and without this each re-validated its session in PostgreSQL every TTL.
    // Kept until just past the next recheck, which reads them again; a change announced during
    // the query (epoch moved) keeps nothing. Staleness without a NOTIFY stays bounded by this
    // interval, the bound the tracked polls themselves have.
    for (const [hex, s] of valid) this.liveSessions.put(hex, s, epoch, this.intervalMs + REFRESH_SLACK_MS);
    for (const e of entries) {
      const s = valid.get(e.tokenHash.toString('hex'));
      if (!s) e.controller.abort('revoked' satisfies AbortReason);
      else if (resyncGeneration(s.resyncRequestedAt) !== e.generation) e.controller.abort('resync' satisfies AbortReason);
    }
  }

  /** Live shape requests of a workspace, per device (for the admin views). */
  stats(workspaceId: string): { liveRequests: number; perDevice: Map<string, number> } {
    const perDevice = new Map<string, number>();
    let liveRequests = 0;
    for (const e of this.tracked) {
      if (e.workspaceId !== workspaceId) continue;
      liveRequests += 1;
      perDevice.set(e.deviceId, (perDevice.get(e.deviceId) ?? 0) + 1);
    }
    return { liveRequests, perDevice };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const e of this.tracked) e.controller.abort('shutdown' satisfies AbortReason);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }
}
