/**
 * The engine's index of live shapes (by definition, by handle, by table) and the one way a
 * shape ends: `retire`, which deletes its log and wakes every request waiting on it (they
 * then answer 409 with the definition's next handle).
 */
import { createHash } from 'node:crypto';
import type { LogStore } from './log-store.ts';
import type { Shape } from './shape.ts';

export class ShapeRegistry {
  private readonly byDef = new Map<string, Shape>();
  private readonly byHandle = new Map<string, Shape>();
  private readonly byTable = new Map<number, Set<Shape>>();
  private lastHandleMicros: bigint;

  constructor(
    private readonly store: LogStore,
    private readonly log: (msg: string) => void,
  ) {
    this.lastHandleMicros = BigInt(store.getMeta('last_handle_us') ?? '0');
  }

  get size(): number {
    return this.byHandle.size;
  }

  all(): Shape[] {
    return [...this.byHandle.values()];
  }

  forDefinition(defKey: string): Shape | undefined {
    return this.byDef.get(defKey);
  }

  forHandle(handle: string): Shape | undefined {
    return this.byHandle.get(handle);
  }

  forTable(oid: number): ReadonlySet<Shape> | undefined {
    return this.byTable.get(oid);
  }

  add(shape: Shape): void {
    this.byDef.set(shape.defKey, shape);
    this.byHandle.set(shape.handle, shape);
    let set = this.byTable.get(shape.tableOid);
    if (!set) this.byTable.set(shape.tableOid, (set = new Set()));
    set.add(shape);
  }

  /** Ends a shape: gone from every index and from disk; waiting requests wake up. */
  retire(shape: Shape, reason: string): void {
    if (shape.status === 'gone') return;
    const wasCreating = shape.status === 'creating';
    shape.status = 'gone';
    if (wasCreating) shape.invalidated = reason;
    if (this.byDef.get(shape.defKey) === shape) this.byDef.delete(shape.defKey);
    this.byHandle.delete(shape.handle);
    const set = this.byTable.get(shape.tableOid);
    set?.delete(shape);
    if (set?.size === 0) this.byTable.delete(shape.tableOid);
    this.store.transaction(() => this.store.deleteShape(shape.id));
    this.log(`shape ${shape.handle} on ${shape.record.table.name} retired: ${reason}`);
    shape.notify();
  }

  /**
   * A new handle, `<definition hash>-<microseconds>` like Electric's. Never reused, even
   * across restarts or clock steps back (the last timestamp is kept on disk): the client
   * treats a handle it saw expire as a stale cached response.
   */
  newHandle(defKey: string): string {
    let micros = BigInt(Date.now()) * 1000n;
    if (micros <= this.lastHandleMicros) micros = this.lastHandleMicros + 1n;
    this.lastHandleMicros = micros;
    this.store.setMeta('last_handle_us', String(micros));
    const hash = createHash('sha256').update(defKey).digest().readUInt32BE(0);
    return `${hash}-${micros}`;
  }
}
