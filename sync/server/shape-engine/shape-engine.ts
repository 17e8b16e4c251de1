/**
 * The shape engine: Electric's shape protocol served from our own PostgreSQL logical
 * replication consumer and durable SQLite shape logs.
 *
 * start() checks identity, publication and slot, loads the ready shapes and hands over to
 * the replication runner (replication-runner.ts: reconnects, acknowledgements) and its
 * change router (change-router.ts: the replication -> log state machine).
 *
 * Shape lifecycle: first request ─► creating (snapshot) ─► ready ─► gone
 * (truncate, schema change, DELETE, eviction, log over maxLogBytes, failed snapshot);
 * a request with a gone shape's handle gets 409 and the definition's new handle.
 */
import pg from 'pg';
import { z } from 'zod';
import { DISPLAY_SETTINGS_OPTIONS } from './catalog.ts';
import { countShapeRows } from './count-rows.ts';
import {
  definitionKey,
  normalizeDefinition,
  type ProtocolParams,
  type ShapeDefinition,
  type ShapeRequestHeaders,
} from './definition.ts';
import { LogStore } from './log-store.ts';
import { dropReplication, prepareReplication } from './replication-setup.ts';
import { ReplicationRunner } from './replication-runner.ts';
import { serveShape, type ShapeResponse } from './serve-shape.ts';
import { Shape, shapeRecordSchema } from './shape.ts';
import { ShapeCreator } from './shape-creator.ts';
import { ShapeRegistry } from './shape-registry.ts';

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ (PostgreSQL slot rules)');

export const shapeEngineOptionsSchema = z.object({
  /** PostgreSQL connection string of a role with REPLICATION (and read access to the tables). */
  databaseUrl: z.string().min(1),
  /** Where the SQLite shape logs live; created when missing. One engine per directory. */
  dataDir: z.string().min(1),
  publicationName: identifier.default('pantry_shapes'),
  slotName: identifier.default('pantry_shapes'),
  /**
   * Byte threshold that closes a log chunk, and so the size of a snapshot's
   * answers. 2 MiB, not Electric's 10 MB: a desktop holds the answer it applies
   * plus the ones its client prefetches (two) for each table downloading, and
   * at 10 MB that was most of its memory during a first download (issue 13);
   * over loopback the extra requests cost nothing measurable, over a slow line
   * the prefetch keeps them back to back.
   */
  chunkBytes: z
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** Long-poll hold; must stay well under the client's 45 s watchdog. Default 20 s. */
  longPollTimeoutMs: z.number().int().min(100).max(30_000).default(20_000),
  /** Shapes not requested for this long are deleted (clients then get 409). Default 7 days. */
  evictAfterMs: z
    .number()
    .int()
    .min(100)
    .default(7 * 24 * 3600 * 1000),
  /** A shape whose stored changes outgrow this is rotated (clients refetch a compact snapshot). */
  maxLogBytes: z
    .number()
    .int()
    .min(1024)
    .default(256 * 1024 * 1024),
  /** Rows per FETCH while reading a snapshot. */
  snapshotBatchRows: z.number().int().min(1).max(100_000).default(5000),
  logger: z.custom<(msg: string) => void>((v) => typeof v === 'function').optional(),
});
export type ShapeEngineOptions = z.input<typeof shapeEngineOptionsSchema>;

/** One shape, for the sync-health view. */
export interface ShapeStats {
  handle: string;
  table: string;
  where: string | null;
  params: string[];
  status: 'creating' | 'ready';
  /** Bytes of replicated changes stored since the snapshot. */
  changeBytes: number;
  /** Live requests waiting on it right now. */
  waitingRequests: number;
  lastUsedAt: Date;
}

export type EngineStatus = 'starting' | 'active' | 'stopped';

export class ShapeEngine {
  private readonly store: LogStore;
  private readonly pool: pg.Pool;
  private readonly registry: ShapeRegistry;
  private readonly creator: ShapeCreator;
  private runner!: ReplicationRunner;
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly log: (msg: string) => void;
  private readonly opts: z.output<typeof shapeEngineOptionsSchema>;

  private constructor(options: ShapeEngineOptions) {
    this.opts = shapeEngineOptionsSchema.parse(options);
    this.log = this.opts.logger ?? (() => {});
    this.store = new LogStore(this.opts.dataDir, this.opts.chunkBytes);
    this.pool = new pg.Pool({
      connectionString: this.opts.databaseUrl,
      max: 4,
      options: DISPLAY_SETTINGS_OPTIONS,
    } as pg.PoolConfig);
    this.pool.on('error', (e) => this.log(`idle PostgreSQL connection error: ${e.message}`));
    this.registry = new ShapeRegistry(this.store, this.log);
    this.creator = new ShapeCreator({
      pool: this.pool,
      store: this.store,
      registry: this.registry,
      publication: this.opts.publicationName,
      snapshotBatchRows: this.opts.snapshotBatchRows,
      log: this.log,
    });
  }

  /** Opens the data directory, prepares replication and starts streaming in the background. */
  static async start(options: ShapeEngineOptions): Promise<ShapeEngine> {
    const engine = new ShapeEngine(options);
    try {
      await engine.init();
    } catch (e) {
      await engine.pool.end().catch(() => {});
      engine.store.close();
      throw e;
    }
    return engine;
  }

  private async init(): Promise<void> {
    const start = await prepareReplication(this.pool, this.store, {
      slot: this.opts.slotName,
      publication: this.opts.publicationName,
    });
    if (start.resetReason) this.log(`stored shapes dropped: ${start.resetReason}`);
    for (const s of this.store.loadShapes()) {
      if (s.state !== 'ready') {
        // Its snapshot never finished: nobody holds its handle's data.
        this.store.transaction(() => this.store.deleteShape(s.id));
        continue;
      }
      const record = shapeRecordSchema.parse(JSON.parse(s.record));
      this.registry.add(new Shape(s.id, s.handle, s.defKey, record, 'ready', s.tail, s.lastUsedAt));
    }
    this.runner = new ReplicationRunner(
      {
        databaseUrl: this.opts.databaseUrl,
        slot: this.opts.slotName,
        publication: this.opts.publicationName,
        pool: this.pool,
        store: this.store,
        registry: this.registry,
        maxLogBytes: this.opts.maxLogBytes,
        log: this.log,
      },
      start,
    );
    const sweepEvery = Math.min(Math.max(this.opts.evictAfterMs / 4, 1000), 3600_000);
    this.sweepTimer = setInterval(() => this.evictStale(), sweepEvery).unref();
  }

  private evictStale(): void {
    const cutoff = Date.now() - this.opts.evictAfterMs;
    const stale = this.registry
      .all()
      .filter((s) => s.status === 'ready' && s.lastUsedAt < cutoff && !s.hasWaiters);
    for (const shape of stale)
      this.registry.retire(shape, 'not requested for a long time (evicted)');
    // Last use survives restarts, so a shape idle before a restart is still evicted on time.
    this.store.transaction(() => {
      for (const shape of this.registry.all())
        if (shape.status === 'ready') this.store.touch(shape.id, shape.lastUsedAt);
    });
  }

  /**
   * Serves one shape request: the contract with the product's auth proxy.
   *
   * @param definition decided by the server, never taken from the client: the table (exact
   *   name in the public schema), an optional where clause with `params` ($1 = params[0]),
   *   optional `columns` (exact names, must include the primary key), `replica`, `log`.
   *   See `shapeDefinitionSchema` for limits and README of this folder for the where subset.
   * @param protocol the client's Electric protocol params, as strings off its URL:
   *   `offset` (required), `handle`, `live`, `cursor` (`live_sse` is refused with 400).
   *   Other keys (cache-buster, expired_handle, log, ...) are ignored: in particular the
   *   client's `log` must be copied into the definition by the caller if it is honoured.
   * @param signal aborts a long-poll wait (pass the HTTP request's close signal).
   * @param headers `ifNoneMatch`: the request's If-None-Match, for 304 on revalidation.
   * @returns status (200, 304, 400, 409, 500), headers to copy onto the HTTP response
   *   (Electric's electric-* headers, cache-control, etag, content-type) and the JSON body.
   *   CORS headers are the caller's business. Never throws.
   */
  serveShape(
    definition: ShapeDefinition,
    protocol: ProtocolParams,
    signal?: AbortSignal,
    headers?: ShapeRequestHeaders,
  ): Promise<ShapeResponse> {
    return serveShape(
      {
        registry: this.registry,
        creator: this.creator,
        store: this.store,
        longPollTimeoutMs: this.opts.longPollTimeoutMs,
        lastSeenLsn: () => this.runner.lastCommitLsn,
        isStopped: () => this.stopped,
        log: this.log,
      },
      definition,
      protocol,
      signal,
      headers,
    );
  }

  /**
   * How many rows the definition's snapshot would hold now (count-rows.ts): the
   * snapshot's own SQL under count(*), cut off after `timeoutMs`.
   */
  countRows(definition: ShapeDefinition, timeoutMs = 10_000): Promise<number> {
    return countShapeRows(this.pool, definition, timeoutMs);
  }

  /**
   * Deletes a definition's current shape (Electric's DELETE /v1/shape): its clients get 409
   * and refetch. With `handle`, only if that is still the current handle. False if none.
   */
  deleteShape(definition: ShapeDefinition, handle?: string): boolean {
    const shape = this.registry.forDefinition(definitionKey(normalizeDefinition(definition)));
    if (!shape || (handle !== undefined && shape.handle !== handle)) return false;
    this.registry.retire(shape, 'deleted on request');
    return true;
  }

  /** `active` once replication streams (Electric's /v1/health answers 202 before). */
  get status(): EngineStatus {
    if (this.stopped) return 'stopped';
    return this.runner.streaming ? 'active' : 'starting';
  }

  /** The shapes served now (for health pages; rows are not counted). */
  shapeStats(): ShapeStats[] {
    return this.registry.all().flatMap((s) =>
      s.status === 'gone'
        ? []
        : [
            {
              handle: s.handle,
              table: s.record.table.name,
              where: s.record.definition.where,
              params: s.record.definition.params,
              status: s.status,
              changeBytes: s.tail.changeBytes,
              waitingRequests: s.waitingCount,
              lastUsedAt: new Date(s.lastUsedAt),
            },
          ],
    );
  }

  /** Stops replication and closes connections and the SQLite file. Shape logs stay on disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.sweepTimer);
    await this.runner.stop();
    await this.creator.abandonAll();
    for (const shape of this.registry.all()) shape.notify();
    await this.pool.end();
    this.store.close();
  }

  /**
   * Stops and removes the engine's replication slot and publication (tests, uninstall).
   * The slot otherwise keeps WAL on the server forever.
   */
  async destroy(): Promise<void> {
    await this.stop();
    const pool = new pg.Pool({ connectionString: this.opts.databaseUrl, max: 1 });
    try {
      await dropReplication(pool, {
        slot: this.opts.slotName,
        publication: this.opts.publicationName,
      });
    } finally {
      await pool.end();
    }
  }
}
