/**
 * Creating a shape: validate the definition against the catalog (400 on any problem),
 * prepare the table for capture, register the shape (so replicated transactions start
 * buffering for it) and only THEN take the snapshot, so no transaction can fall between
 * the snapshot and the stream. When the snapshot is stored, the buffered transactions
 * that the snapshot does not already contain are appended and the shape becomes ready.
 */
import type pg from 'pg';
import {
  ensureTablePublished,
  loadTableInfo,
  TableNotFoundError,
  type TableInfo,
} from './catalog.ts';
import { InvalidRequestError, type NormalizedDefinition } from './definition.ts';
import { SnapshotChunker, snapshotBodies, toLogEntries } from './log-items.ts';
import type { LogStore, LogTail } from './log-store.ts';
import { BEFORE_ALL } from './offsets.ts';
import {
  planShapeWhere,
  resolveColumns,
  Shape,
  snapshotToRecord,
  type ShapeRecord,
} from './shape.ts';
import type { ShapeRegistry } from './shape-registry.ts';
import { RAW_TEXT_TYPES, takeSnapshot, type PgSnapshot } from './snapshot.ts';
import type { PlannedConstant } from './where-compile.ts';

export interface ShapeCreatorDeps {
  pool: pg.Pool;
  store: LogStore;
  registry: ShapeRegistry;
  publication: string;
  snapshotBatchRows: number;
  log(msg: string): void;
}

/** Thrown to stop reading a snapshot whose shape was retired meanwhile. */
class ShapeRetiredDuringSnapshot extends Error {}

export class ShapeCreator {
  private readonly pending = new Map<string, Promise<Shape>>();
  private readonly filling = new Set<Promise<void>>();
  private readonly tableLocks = new Map<number, Promise<unknown>>();

  constructor(private readonly deps: ShapeCreatorDeps) {}

  /**
   * The definition's current shape, created when there is none. Resolves once the shape is
   * registered (its snapshot may still be running: await `shape.ready` to read it).
   */
  getOrCreate(def: NormalizedDefinition, defKey: string): Promise<Shape> {
    const existing = this.deps.registry.forDefinition(defKey);
    if (existing) return Promise.resolve(existing);
    let p = this.pending.get(defKey);
    if (!p) {
      p = this.create(def, defKey).finally(() => this.pending.delete(defKey));
      this.pending.set(defKey, p);
    }
    return p;
  }

  private async create(def: NormalizedDefinition, defKey: string): Promise<Shape> {
    const { pool, store, registry } = this.deps;
    const table = await loadTableInfo(pool, def.table).catch((e: unknown) => {
      throw e instanceof TableNotFoundError ? InvalidRequestError.of('table', e.message) : e;
    });
    const columns = resolveColumns(def, table);
    const plan = planShapeWhere(def, table);
    const constants = plan ? await canonicalize(pool, plan.constants) : [];
    await this.publish(table).catch((e: unknown) => {
      // Dropped between reading and publishing it (42P01 when the ALTER lost the race).
      const gone = e instanceof TableNotFoundError || (e as { code?: string }).code === '42P01';
      throw gone ? InvalidRequestError.of('table', `Table "public"."${def.table}" does not exist`) : e;
    });

    const record: ShapeRecord = { definition: def, table, columns, constants, snapshot: null };
    const handle = registry.newHandle(defKey);
    const now = Date.now();
    const id = store.insertShape(handle, defKey, JSON.stringify(record), now);
    const tail: LogTail = { end: BEFORE_ALL, chunkBytes: 0, changeBytes: 0 };
    const shape = new Shape(id, handle, defKey, record, 'creating', tail, now);
    registry.add(shape);
    const filling = this.fill(shape);
    this.filling.add(filling);
    void filling.finally(() => this.filling.delete(filling));
    return shape;
  }

  /**
   * For shutdown: abandons every snapshot in progress (the shapes are still 'creating' on
   * disk and are dropped at the next start) and waits until none touches the store.
   */
  async abandonAll(): Promise<void> {
    for (const shape of this.deps.registry.all()) {
      if (shape.status === 'creating') {
        shape.status = 'gone';
        shape.invalidated = 'the engine is stopping';
      }
    }
    await Promise.allSettled([...this.pending.values(), ...this.filling]);
  }

  /** One table at a time: two first shapes of a table must not both ALTER it. */
  private async publish(table: TableInfo): Promise<void> {
    const prev = this.tableLocks.get(table.oid) ?? Promise.resolve();
    const next = prev.then(() =>
      ensureTablePublished(this.deps.pool, this.deps.publication, table),
    );
    this.tableLocks.set(
      table.oid,
      next.catch(() => {}),
    );
    await next;
  }

  private async fill(shape: Shape): Promise<void> {
    const { store, pool } = this.deps;
    const withRows = shape.record.definition.log === 'full';
    const chunker = new SnapshotChunker(store.chunkBytes);
    const started = Date.now();
    try {
      const snap = await takeSnapshot(pool, {
        table: shape.record.table,
        columns: shape.columns,
        where: shape.where,
        withRows,
        batchRows: this.deps.snapshotBatchRows,
        onRows: (rows) => {
          if (shape.status === 'gone') throw new ShapeRetiredDuringSnapshot();
          const chunks = chunker.add(snapshotBodies(shape, rows));
          if (chunks.length === 0) return;
          shape.tail = store.transaction(() => store.append(shape.id, shape.tail, chunks, false));
          shape.notify(); // requests waiting for the first chunks (see serve-shape.ts)
        },
      });
      if (shape.status === 'gone') throw new ShapeRetiredDuringSnapshot();
      const joined = this.finish(shape, snap, withRows ? chunker : null);
      this.deps.log(
        `shape ${shape.handle} on ${shape.record.table.name}: snapshot of ${chunker.count} rows in ${Date.now() - started} ms, ` +
          `${joined.applied} concurrent transactions appended, ${joined.skipped} already in the snapshot`,
      );
    } catch (e) {
      try {
        if (shape.status !== 'gone')
          this.deps.registry.retire(shape, `its snapshot failed: ${(e as Error).message}`);
      } catch (cleanup) {
        this.deps.log(`could not retire shape ${shape.handle}: ${(cleanup as Error).message}`);
      }
      shape.settleReady(e instanceof ShapeRetiredDuringSnapshot ? undefined : (e as Error));
    }
  }

  /** Synchronous, so no replicated transaction can slip between buffer and log. */
  private finish(
    shape: Shape,
    snap: PgSnapshot,
    chunker: SnapshotChunker | null,
  ): { applied: number; skipped: number } {
    const { store } = this.deps;
    let applied = 0;
    shape.record = { ...shape.record, snapshot: snapshotToRecord(snap) };
    shape.setSnapshot(shape.record.snapshot!);
    const tail = store.transaction(() => {
      let t = shape.tail;
      if (chunker !== null) {
        const end = JSON.stringify({
          headers: {
            control: 'snapshot-end',
            xmin: String(snap.xmin),
            xmax: String(snap.xmax),
            xip_list: snap.xip.map(String),
          },
        });
        t = store.append(shape.id, t, [chunker.finish(end)], false);
      }
      for (const b of shape.buffered) {
        if (shape.inSnapshot(b.lsn, b.xid)) continue;
        t = store.append(shape.id, t, toLogEntries(shape, b.items, b.lsn, b.xid), true);
        applied++;
      }
      store.markReady(shape.id, JSON.stringify(shape.record));
      return t;
    });
    const skipped = shape.buffered.length - applied;
    shape.tail = tail;
    shape.buffered.length = 0;
    shape.status = 'ready';
    shape.settleReady();
    shape.notify();
    return { applied, skipped };
  }
}

/** PostgreSQL's own text for each where constant after a cast to the compared type. */
export async function canonicalize(
  pool: pg.Pool,
  constants: readonly PlannedConstant[],
): Promise<string[]> {
  if (constants.length === 0) return [];
  try {
    const r = await pool.query<string[]>({
      text: `SELECT ${constants.map((c, i) => `$${i + 1}::${c.castType}`).join(', ')}`,
      values: constants.map((c) => c.value),
      rowMode: 'array',
      types: RAW_TEXT_TYPES,
    });
    return r.rows[0]!;
  } catch (e) {
    // Class 22 (data exception): a literal or param that is not a valid value of its column's type.
    if (String((e as { code?: string }).code).startsWith('22')) {
      throw InvalidRequestError.of(
        'where',
        `invalid value in where clause: ${(e as Error).message}`,
      );
    }
    throw e;
  }
}
