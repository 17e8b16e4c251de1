/**
 * The desktop's sync engine for one signed-in account: one ShapeConsumer per
 * replicated table (reads) and the PushLoop (writes), with the status the UI
 * shows (see status.ts for the state machine).
 */
import { randomUUID } from 'node:crypto';
import { TABLE_NAMES, type TableName } from '../../schema/index.ts';
import type { Replica } from '../replica/index.ts';
import { ProgressMeter } from './progress.ts';
import { PushLoop } from './push-loop.ts';
import { DEVICE_WIPED } from '../../schema/wire-codes.ts';
import { ServerApi, SyncHttpError } from './server-api.ts';
import { ShapeConsumer } from './shape-consumer.ts';
import { bulkFetch } from './bulk-fetch.ts';
import type { SyncState, SyncStatus } from './status.ts';

export interface SyncClientOptions {
  replica: Replica;
  serverUrl: string;
  token: string;
  tables?: readonly TableName[];
  onStatus?: (status: SyncStatus) => void;
  /** Delay before a stopped shape stream is restarted after a non-auth error. */
  restartDelayMs?: number;
  pushBaseDelayMs?: number;
  /** Longest wait between retries while the server is unreachable (pushes and shape streams). Default 30 s. */
  maxRetryDelayMs?: number;
  /** How long the first download waits for the server's sync plan before it starts without one. Default 5 s. */
  planTimeoutMs?: number;
  /**
   * First download: tables listed here download first, in this order (the
   * rest follow in schema order). The core lists what its dashboard reads, so
   * the first screen is complete before tables it does not show.
   */
  downloadOrder?: readonly TableName[];
  /**
   * First download: how many tables download their snapshot at once. Each
   * stream holds a server chunk being applied plus its prefetched ones, so
   * this bounds the process's memory; two keep the network busy while one
   * table is written. Default DOWNLOADS_AT_ONCE.
   */
  downloadsAtOnce?: number;
  /** Push loop: failing answers to one batch before it is split to find the mutation at fault. */
  pushAttemptsBeforeIsolating?: number;
  /**
   * An admin revoked and wiped this device (401 device_wiped): syncing has
   * stopped and the owner must delete this account's replica and token now.
   */
  onWiped?: () => void;
}

/** Default of SyncClientOptions.downloadsAtOnce. */
export const DOWNLOADS_AT_ONCE = 2;

const WIPED_REASON = 'an admin removed this account from this device: its data here was deleted';

/** The `error.code` of an error answer, read from a copy so the stream's own reader still gets the body. */
async function errorCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

export class SyncClient {
  readonly api: ServerApi;
  private readonly consumers = new Map<TableName, ShapeConsumer>();
  private readonly push: PushLoop;
  private readonly upToDate = new Set<TableName>();
  private rowsReceived = 0;
  /** The first download's progress in rows (progress.ts); replaced at every start. */
  private meter = new ProgressMeter();
  /** Tables downloading from scratch in this run: the only ones the meter counts. */
  private downloading = new Set<TableName>();
  /** Downloading tables not started yet, in download order (startStreams, startNextDownloads). */
  private queued: TableName[] = [];
  /** Bumped by start and stop, so a plan answered after a stop starts nothing. */
  private run = 0;
  /** Re-announces a first download's progress each second, so its time left grows when no rows come (a stalled stream). */
  private progressTimer: ReturnType<typeof setInterval> | null = null;
  private state: SyncState = 'connecting';
  private reason: string | undefined;
  /** Tables whose stream failed and has not reached up-to-date since: the status says why (state `error`). */
  private readonly streamErrors = new Map<TableName, string>();
  private lastSyncedAt: string | undefined;
  private online = true;
  private stopped = true;
  private stopWatchingOutbox: (() => void) | null = null;
  private readonly restartTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly o: SyncClientOptions) {
    this.api = new ServerApi(o.serverUrl);
    // The global fetch as it is at each call (a process may wrap it after this client exists).
    const fetchClient = this.watchedFetch((input, init) => fetch(input, init));
    const snapshotFetch = this.watchedFetch(bulkFetch);
    const streamKey = randomUUID();
    for (const table of o.tables ?? TABLE_NAMES) {
      this.consumers.set(
        table,
        new ShapeConsumer({
          table,
          shapeUrl: this.api.shapeUrl(),
          streamKey,
          maxRetryDelayMs: o.maxRetryDelayMs ?? 30_000,
          replica: o.replica,
          token: () => this.o.token,
          fetchClient,
          snapshotFetch,
          onRows: (t, n) => {
            this.rowsReceived += n;
            if (this.downloading.has(t)) this.meter.addRows(n);
            this.emit();
          },
          onUpToDate: (t) => {
            const wasAll = this.allUpToDate;
            this.upToDate.add(t);
            this.streamErrors.delete(t);
            // Once, when the download ends: every live answer reports up-to-date too, and this
            // sets the page cache and may give back free pages (replica.firstDownload).
            if (!wasAll && this.allUpToDate) this.o.replica.firstDownload(false);
            this.startNextDownloads();
            if (this.upToDate.size === this.consumers.size) this.lastSyncedAt = new Date().toISOString();
            this.emit();
          },
          onError: (t, err) => this.onShapeError(t, err),
        }),
      );
    }
    this.push = new PushLoop({
      replica: o.replica,
      api: this.api,
      token: () => this.o.token,
      ...(o.pushBaseDelayMs !== undefined ? { baseDelayMs: o.pushBaseDelayMs } : {}),
      maxDelayMs: o.maxRetryDelayMs ?? 30_000,
      ...(o.pushAttemptsBeforeIsolating !== undefined ? { attemptsBeforeIsolating: o.pushAttemptsBeforeIsolating } : {}),
      onSending: () => this.emit(),
      onIdle: () => this.emit(),
      onOffline: () => this.setOnline(false),
      onSignedOut: (reason, err) => (err.deviceWiped ? this.wiped() : this.signedOut(reason)),
      onError: (reason) => {
        this.reason = reason;
        this.emit();
      },
    });
  }

  /** A fetch that tells the status whether the server answers at all. */
  private watchedFetch(base: typeof fetch): typeof fetch {
    return async (input, init) => {
      try {
        const res = await base(input, init);
        this.setOnline(true);
        if (res.status === 401) {
          if ((await errorCode(res)) === DEVICE_WIPED) this.wiped();
          else this.signedOut('the server no longer accepts this sign-in');
        }
        return res;
      } catch (err) {
        if (!(init?.signal?.aborted ?? false)) this.setOnline(false);
        throw err;
      }
    };
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    if (online) this.push.kick();
    this.emit();
  }

  private onShapeError(table: TableName, err: Error): void {
    if (this.stopped) return;
    const status = (err as { status?: number }).status;
    if (status === 401) return this.signedOut('the server no longer accepts this sign-in');
    this.reason = `${table}: ${err.message}`;
    this.streamErrors.set(table, this.reason);
    this.upToDate.delete(table);
    this.emit();
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (this.stopped) return;
      const c = this.consumers.get(table)!;
      c.stop();
      c.start();
    }, this.o.restartDelayMs ?? 2000);
    this.restartTimers.add(timer);
  }

  /** Signed out for good: the owner deletes this account's files (onWiped). */
  private wiped(): void {
    if (this.state === 'signed_out' && this.reason === WIPED_REASON) return;
    this.state = 'signed_out';
    this.reason = WIPED_REASON;
    this.stop();
    this.emit();
    this.o.onWiped?.();
  }

  private signedOut(reason: string): void {
    if (this.state === 'signed_out') return;
    this.state = 'signed_out';
    this.reason = reason;
    this.stop();
    this.emit();
    // A long poll cut by a revoke may not say whether the revoke came with a wipe: ask once.
    this.api.me(this.o.token).catch((err: unknown) => {
      if (err instanceof SyncHttpError && err.deviceWiped) this.wiped();
    });
  }

  start(): void {
    this.stopped = false;
    this.state = 'connecting';
    this.stopWatchingOutbox = this.o.replica.onCommit((e) => {
      if (!e.tables.has('outbox')) return;
      // Answers just recorded may be for writes a replaced snapshot already holds.
      if (e.sources.has('outbox')) for (const c of this.consumers.values()) c.confirmFromSnapshot();
      this.emit();
    });
    this.meter = new ProgressMeter();
    this.downloading = new Set([...this.consumers.keys()].filter((t) => !this.o.replica.fromServer.shapeState(t)?.up_to_date_at));
    const run = ++this.run;
    this.push.start();
    this.emit();
    if (this.downloading.size === 0) return this.startStreams();
    this.o.replica.firstDownload(true);
    this.progressTimer = setInterval(() => {
      if (this.allUpToDate) return this.stopProgressTimer();
      if (this.meter.rowsTotal !== undefined) this.emit();
    }, 1000);
    this.progressTimer.unref?.();
    // A first download asks for its size first, so its progress counts rows from the first one.
    void this.fetchPlan(run).finally(() => {
      if (run === this.run && !this.stopped) this.startStreams();
    });
  }

  private stopProgressTimer(): void {
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.progressTimer = null;
  }

  /**
   * Tables that have synced before resume at once (their catch-up is small);
   * tables downloading from scratch start a few at a time, in download order,
   * the next one as soon as one reaches up-to-date.
   */
  private startStreams(): void {
    const order = this.o.downloadOrder ?? [];
    const rank = (t: TableName) => (order.includes(t) ? order.indexOf(t) : order.length);
    this.queued = [...this.consumers.keys()]
      .filter((t) => this.downloading.has(t))
      .sort((a, b) => rank(a) - rank(b));
    for (const [t, c] of this.consumers) if (!this.downloading.has(t)) c.start();
    this.startNextDownloads();
  }

  private startNextDownloads(): void {
    if (this.stopped) return;
    const limit = Math.max(1, this.o.downloadsAtOnce ?? DOWNLOADS_AT_ONCE);
    const inFlight = () => [...this.downloading].filter((t) => !this.upToDate.has(t) && !this.queued.includes(t)).length;
    while (this.queued.length > 0 && inFlight() < limit) this.consumers.get(this.queued.shift()!)!.start();
  }

  /**
   * The server's row counts of the downloading tables, as the meter's total.
   * Any failure (a server without the route, offline, slow) leaves no total:
   * progress then counts tables, and the streams report what is wrong.
   */
  private async fetchPlan(run: number): Promise<void> {
    try {
      const plan = await this.api.syncPlan(this.o.token, AbortSignal.timeout(this.o.planTimeoutMs ?? 5000));
      if (!plan || run !== this.run) return;
      let total = 0;
      for (const t of this.downloading) {
        const n = plan.tables[t];
        if (n === undefined) return; // a table the server did not count: a total would be wrong
        total += n;
      }
      this.meter.setTotal(total);
      this.emit();
    } catch {
      // tables-only progress, as with an older server
    }
  }

  stop(): void {
    this.stopped = true;
    this.run++;
    this.stopProgressTimer();
    this.queued = [];
    if (this.o.replica.db.open) this.o.replica.firstDownload(false);
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    for (const c of this.consumers.values()) c.stop();
    this.push.stop();
    this.stopWatchingOutbox?.();
    this.stopWatchingOutbox = null;
  }

  /** Change messages received over the shape streams since start (resume checks, progress). */
  get rowsSeen(): number {
    return this.rowsReceived;
  }

  /** True once every table reached up-to-date at least once in this run. */
  get allUpToDate(): boolean {
    return this.upToDate.size === this.consumers.size;
  }

  status(): SyncStatus {
    const counts = this.o.replica.outbox.counts();
    const pending = counts.pending + counts.sent + counts.applied;
    const base = { pending, rejected: counts.rejected, ...(this.lastSyncedAt ? { last_synced_at: this.lastSyncedAt } : {}) };
    if (this.state === 'signed_out') return { state: 'signed_out', ...base, ...(this.reason ? { reason: this.reason } : {}) };
    if (!this.online) return { state: 'offline', ...base };
    const streamError = this.streamErrors.values().next();
    if (!streamError.done) return { state: 'error', ...base, reason: streamError.value };
    if (!this.allUpToDate) {
      const hadSynced = [...this.consumers.keys()].every((t) => this.o.replica.fromServer.shapeState(t)?.up_to_date_at);
      if (!hadSynced) {
        return {
          state: 'initial_sync',
          ...base,
          progress: this.meter.progress(this.upToDate.size, this.consumers.size),
        };
      }
      return { state: 'connecting', ...base };
    }
    if (counts.pending + counts.sent > 0) return { state: 'pushing', ...base };
    return { state: 'up_to_date', ...base };
  }

  private emit(): void {
    this.o.onStatus?.(this.status());
  }
}
