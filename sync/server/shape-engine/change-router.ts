/**
 * Replication stream -> shape logs, in commit order. Transition diagram:
 *
 *            relation (schema check) / keepalive (may advance the ack)
 *             ┌────┐
 *             ▼    │
 *   ┌───────► idle ┘
 *   │           │ begin (xid, commit LSN)
 *   │           ▼
 *   │    in-transaction ◄─┐ insert / update / delete: routed to the table's shapes now,
 *   │           │         │ relation: schema check, truncate: the table's shapes retire
 *   │           │ commit  └──────────────────────────────
 *   │           ▼
 *   │    storing: ready shapes get their entries in ONE SQLite transaction (with the new
 *   │           │ replication position); creating shapes buffer them; waiters wake
 *   │           ▼
 *   └──── acknowledged: the engine may now report the commit's end LSN as flushed
 *
 *   connection lost (any state) ── reset(): the open transaction is dropped; PostgreSQL
 *   resends every transaction after the last acknowledged position on reconnect, and
 *   commits at or below `lastCommitLsn` are skipped, so nothing is lost or stored twice.
 */
import { relationSignature } from './catalog.ts';
import { itemsForChange, toLogEntries, type PendingItem, type RowChange } from './log-items.ts';
import type { LogStore, LogTail } from './log-store.ts';
import { decodePgoutput, type RelationMessage, type Tuple } from './pgoutput-decoder.ts';
import type { Shape } from './shape.ts';
import type { ShapeRegistry } from './shape-registry.ts';
import type { Row } from './where-compile.ts';

export interface ChangeRouterDeps {
  store: LogStore;
  registry: ShapeRegistry;
  /** A shape whose replicated changes exceed this many bytes is retired (compaction by refetch). */
  maxLogBytes: number;
  /** Called after each transaction; `persisted`: the position is already on disk. */
  onProcessed(endLsn: bigint, persisted: boolean): void;
  log(msg: string): void;
}

interface OpenTransaction {
  xid: number;
  items: Map<Shape, PendingItem[]>;
}

export class ChangeRouter {
  private readonly relations = new Map<number, RelationMessage>();
  private txn: OpenTransaction | null = null;
  /** Highest commit LSN whose changes are stored (or were irrelevant). */
  lastCommitLsn: bigint;
  /** Everything before this LSN is processed (commit end LSNs, idle keepalives). */
  processedLsn: bigint;

  constructor(
    private readonly deps: ChangeRouterDeps,
    start: { lastCommitLsn: bigint; startLsn: bigint },
  ) {
    this.lastCommitLsn = start.lastCommitLsn;
    this.processedLsn = start.startLsn;
  }

  /** After a lost connection: the next session starts with fresh relation messages. */
  reset(): void {
    this.txn = null;
    this.relations.clear();
  }

  keepalive(walEnd: bigint): void {
    // Outside a transaction, every commit before walEnd has been sent to us and handled.
    if (this.txn === null && walEnd > this.processedLsn) {
      this.processedLsn = walEnd;
      this.deps.onProcessed(walEnd, false);
    }
  }

  handle(payload: Buffer): void {
    const msg = decodePgoutput(payload, this.relations);
    switch (msg.tag) {
      case 'begin':
        this.txn = { xid: msg.xid, items: new Map() };
        return;
      case 'relation':
        this.relations.set(msg.relationId, msg);
        this.checkRelation(msg);
        return;
      case 'truncate':
        for (const id of msg.relationIds) this.retireTable(id, 'the table was truncated');
        return;
      case 'insert':
        this.route(msg.relationId, { kind: 'insert', newRow: asRow(msg.newTuple)! });
        return;
      case 'update': {
        const old = msg.oldIsKeyOnly ? null : msg.oldTuple;
        const oldRow = old ? asRow(old) : null;
        const newRow = oldRow ? asRow(msg.newTuple, oldRow) : null;
        if (!oldRow || !newRow)
          return this.retireTable(
            msg.relationId,
            'an update arrived without the old row (REPLICA IDENTITY is not FULL)',
          );
        this.route(msg.relationId, { kind: 'update', oldRow, newRow });
        return;
      }
      case 'delete': {
        const oldRow = msg.oldIsKeyOnly || !msg.oldTuple ? null : asRow(msg.oldTuple);
        if (!oldRow)
          return this.retireTable(
            msg.relationId,
            'a delete arrived without the old row (REPLICA IDENTITY is not FULL)',
          );
        this.route(msg.relationId, { kind: 'delete', oldRow });
        return;
      }
      case 'commit':
        this.commit(msg.commitLsn, msg.endLsn);
        return;
      case 'other':
        return;
    }
  }

  private checkRelation(rel: RelationMessage): void {
    const shapes = this.deps.registry.forTable(rel.relationId);
    if (!shapes) return;
    for (const shape of [...shapes]) {
      // The publication sends stored generated columns on PostgreSQL 18; the signature never counts them.
      const sig = relationSignature(rel.columns.filter((c) => !shape.generatedColumns.has(c.name)));
      if (shape.tableSignature !== sig)
        this.deps.registry.retire(shape, 'the table schema changed');
      else if (rel.replicaIdentity !== 'f')
        this.deps.registry.retire(shape, 'the table lost REPLICA IDENTITY FULL');
    }
  }

  private retireTable(relationId: number, reason: string): void {
    for (const shape of [...(this.deps.registry.forTable(relationId) ?? [])])
      this.deps.registry.retire(shape, reason);
  }

  private route(relationId: number, change: RowChange): void {
    const txn = this.txn;
    const shapes = this.deps.registry.forTable(relationId);
    if (!txn || !shapes) return;
    for (const shape of shapes) {
      const items = itemsForChange(shape, change);
      if (items.length === 0) continue;
      const list = txn.items.get(shape);
      if (list) list.push(...items);
      else txn.items.set(shape, items);
    }
  }

  private commit(commitLsn: bigint, endLsn: bigint): void {
    const txn = this.txn;
    this.txn = null;
    if (!txn) return;
    if (commitLsn <= this.lastCommitLsn) {
      // Already stored before a reconnect or restart.
      this.markProcessed(endLsn, false);
      return;
    }
    const writes: Array<{ shape: Shape; entries: ReturnType<typeof toLogEntries> }> = [];
    const buffered: Array<{ shape: Shape; items: PendingItem[] }> = [];
    for (const [shape, items] of txn.items) {
      if (shape.status === 'gone') continue;
      if (shape.status === 'creating') buffered.push({ shape, items });
      else if (!shape.inSnapshot(commitLsn, txn.xid)) {
        writes.push({ shape, entries: toLogEntries(shape, items, commitLsn, txn.xid) });
      }
    }
    const { store } = this.deps;
    // If this throws, nothing below happened: the session restarts and the transaction is
    // sent again (lastCommitLsn and the buffers only move once it is stored).
    const tails: LogTail[] =
      writes.length === 0
        ? []
        : store.transaction(() => {
            const out = writes.map((w) => store.append(w.shape.id, w.shape.tail, w.entries, true));
            store.setMeta('last_commit_lsn', String(commitLsn));
            store.setMeta('ack_lsn', String(endLsn));
            return out;
          });
    this.lastCommitLsn = commitLsn;
    for (const b of buffered)
      b.shape.buffered.push({ lsn: commitLsn, xid: txn.xid, items: b.items });
    writes.forEach((w, i) => {
      w.shape.tail = tails[i]!;
      w.shape.notify();
      if (w.shape.tail.changeBytes > this.deps.maxLogBytes) {
        this.deps.registry.retire(
          w.shape,
          `its change log exceeded ${this.deps.maxLogBytes} bytes (compacted by refetch)`,
        );
      }
    });
    this.markProcessed(endLsn, writes.length > 0);
  }

  private markProcessed(endLsn: bigint, persisted: boolean): void {
    if (endLsn > this.processedLsn) this.processedLsn = endLsn;
    this.deps.onProcessed(this.processedLsn, persisted);
  }
}

/**
 * A tuple as a row. Unchanged TOAST values (undefined) come from `fallback`, the old row,
 * which REPLICA IDENTITY FULL always carries in full; null if one cannot be filled.
 */
function asRow(t: Tuple, fallback?: Row): Row | null {
  const row: Record<string, string | null> = {};
  for (const k in t) {
    const v = t[k];
    if (v !== undefined) row[k] = v;
    else if (fallback && fallback[k] !== undefined) row[k] = fallback[k]!;
    else return null;
  }
  return row;
}
