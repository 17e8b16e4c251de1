/**
 * Keeps a replication stream running and feeds it to the change router. Lifecycle:
 *
 *   start() ──► connecting ── START_REPLICATION accepted ──► streaming   (health: active)
 *   connecting | streaming ── connection lost ──► waiting (backoff 0.5 s .. 30 s) ──► connecting
 *   connecting ── slot missing or invalidated ──► every shape retired, new slot ──► connecting
 *   any ── stop() ──► stopped
 *
 * Acknowledgements: a position is reported flushed only once it is on disk. Positions of
 * transactions that wrote something are on disk at their commit (change-router.ts) and are
 * reported at once; positions that only advanced in memory (transactions no shape cared
 * about, idle keepalives) are written to SQLite and reported at most once a second, or
 * when the server asks for a reply.
 */
import type pg from 'pg';
import { ChangeRouter } from './change-router.ts';
import type { LogStore } from './log-store.ts';
import { prepareReplication, type ReplicationStart } from './replication-setup.ts';
import { ReplicationStream } from './replication-stream.ts';
import type { ShapeRegistry } from './shape-registry.ts';

export interface ReplicationRunnerDeps {
  databaseUrl: string;
  slot: string;
  publication: string;
  pool: pg.Pool;
  store: LogStore;
  registry: ShapeRegistry;
  maxLogBytes: number;
  log(msg: string): void;
}

export class ReplicationRunner {
  private router!: ChangeRouter;
  private stream: ReplicationStream | null = null;
  private state: 'connecting' | 'streaming' | 'waiting' | 'stopped' = 'connecting';
  private sentAck = 0n;
  private pendingAck = 0n;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private readonly ackTimer: NodeJS.Timeout;

  constructor(
    private readonly deps: ReplicationRunnerDeps,
    start: ReplicationStart,
  ) {
    this.resetRouter(start);
    this.loop = this.run();
    this.ackTimer = setInterval(() => this.flushAck(), 1000).unref();
  }

  get streaming(): boolean {
    return this.state === 'streaming';
  }

  /** Latest commit LSN handled (up-to-date messages report it as global_last_seen_lsn). */
  get lastCommitLsn(): bigint {
    return this.router.lastCommitLsn;
  }

  async stop(): Promise<void> {
    if (this.isStopped()) return;
    this.flushAck();
    this.state = 'stopped';
    clearInterval(this.ackTimer);
    this.wake?.();
    await this.stream?.stop();
    await this.loop;
  }

  /** A method so TypeScript does not narrow `state` across the awaits of the loop. */
  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private resetRouter(start: ReplicationStart): void {
    this.sentAck = this.pendingAck = start.startLsn;
    this.router = new ChangeRouter(
      {
        store: this.deps.store,
        registry: this.deps.registry,
        maxLogBytes: this.deps.maxLogBytes,
        onProcessed: (lsn, persisted) => {
          if (lsn > this.pendingAck) this.pendingAck = lsn;
          if (persisted) this.sendAck();
        },
        log: this.deps.log,
      },
      start,
    );
  }

  private async run(): Promise<void> {
    let backoff = 500;
    while (!this.isStopped()) {
      this.state = 'connecting';
      this.router.reset();
      const stream = new ReplicationStream({
        connectionString: this.deps.databaseUrl,
        slot: this.deps.slot,
        publication: this.deps.publication,
        startLsn: this.pendingAck,
        onData: (payload) => this.router.handle(payload),
        onKeepalive: (walEnd, reply) => {
          this.router.keepalive(walEnd);
          if (reply) this.flushAck(true);
        },
      });
      this.stream = stream;
      let error: Error | null;
      try {
        await stream.start();
        if (this.isStopped()) break;
        this.state = 'streaming';
        backoff = 500;
        this.deps.log('replication streaming');
        error = await stream.ended;
      } catch (e) {
        error = e as Error;
      }
      await stream.stop();
      this.stream = null;
      if (this.isStopped()) break;
      const code = (error as { code?: string } | null)?.code;
      // 42704: the slot does not exist; 55000 + "can no longer get changes": invalidated.
      if (
        error &&
        (code === '42704' || (code === '55000' && /can no longer/.test(error.message)))
      ) {
        try {
          await this.recoverLostSlot(error);
          continue;
        } catch (e) {
          error = e as Error;
        }
      }
      this.state = 'waiting';
      this.deps.log(
        `replication interrupted (${error?.message ?? 'closed'}); reconnecting in ${backoff} ms`,
      );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  /**
   * The slot vanished (dropped by an admin) or PostgreSQL invalidated it (it held more WAL
   * than max_slot_wal_keep_size allows): changes were lost, so every shape is retired
   * (clients refetch) and replication starts over on a new slot.
   */
  private async recoverLostSlot(error: Error): Promise<void> {
    const { registry, pool, slot, publication } = this.deps;
    this.deps.log(
      `replication slot lost (${error.message}): retiring every shape, creating a new slot`,
    );
    for (const shape of registry.all()) registry.retire(shape, 'the replication slot was lost');
    await pool
      .query(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [slot],
      )
      .catch(() => {});
    this.resetRouter(await prepareReplication(pool, this.deps.store, { slot, publication }));
  }

  /** Persists a position that only lives in memory, then acknowledges it to the slot. */
  private flushAck(force = false): void {
    if (this.isStopped()) return;
    if (this.pendingAck > this.sentAck) {
      this.deps.store.setMeta('ack_lsn', String(this.pendingAck));
      this.sendAck();
    } else if (force) {
      this.stream?.sendStatus(this.sentAck);
    }
  }

  private sendAck(): void {
    this.sentAck = this.pendingAck;
    this.stream?.sendStatus(this.sentAck);
  }
}
