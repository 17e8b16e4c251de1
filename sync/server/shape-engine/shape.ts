/**
 * One shape at run time: its definition resolved against the table (columns, compiled
 * where), its log tail, the snapshot it must be joined with, and the requests waiting on
 * it. The record persisted with it lets a restart rebuild all of this without PostgreSQL.
 */
import { z } from 'zod';
import {
  electricSchemaHeader,
  tableInfoSchema,
  tableSignature,
  type TableInfo,
} from './catalog.ts';
import { InvalidRequestError, type NormalizedDefinition } from './definition.ts';
import { keyPrefix, type PendingItem, type ShapeView } from './log-items.ts';
import type { LogTail, ReadResult } from './log-store.ts';
import { compareOffsets, type LogOffset } from './offsets.ts';
import { visibleInSnapshot, type PgSnapshot } from './snapshot.ts';
import {
  MATCH_ALL,
  compileWhere,
  planWhere,
  WhereTypeError,
  type CompiledWhere,
  type Row,
  type WherePlan,
} from './where-compile.ts';
import { parseWhere, WhereSyntaxError } from './where-parser.ts';

export const shapeRecordSchema = z.object({
  definition: z.object({
    table: z.string(),
    where: z.string().nullable(),
    params: z.array(z.string()),
    columns: z.array(z.string()).nullable(),
    replica: z.enum(['default', 'full']),
    log: z.enum(['full', 'changes_only']),
  }),
  table: tableInfoSchema,
  columns: z.array(z.string()),
  /** PostgreSQL's text for each where constant (see where-compile.ts). */
  constants: z.array(z.string()),
  /** Set once the snapshot is taken; decimal strings. */
  snapshot: z
    .object({ xmin: z.string(), xmax: z.string(), xip: z.array(z.string()), insertLsn: z.string() })
    .nullable(),
});
export type ShapeRecord = z.infer<typeof shapeRecordSchema>;

/** Resolves the selected columns; 400 unless they exist, are replicated and include the key. */
export function resolveColumns(def: NormalizedDefinition, table: TableInfo): string[] {
  if (table.pk.length === 0) {
    throw InvalidRequestError.of(
      'table',
      `table "${table.name}" has no primary key; shapes need one to key their rows`,
    );
  }
  if (def.columns === null) return table.columns.filter((c) => !c.generated).map((c) => c.name);
  for (const name of def.columns) {
    const c = table.columns.find((x) => x.name === name);
    if (!c)
      throw InvalidRequestError.of(
        'columns',
        `column "${name}" does not exist in table "${table.name}"`,
      );
    if (c.generated)
      throw InvalidRequestError.of(
        'columns',
        `column "${name}" is generated; generated columns are not replicated`,
      );
  }
  const missing = table.pk.filter((k) => !def.columns!.includes(k));
  if (missing.length) {
    throw InvalidRequestError.of(
      'columns',
      `The list of columns must include all primary key columns, missing: ${missing.join(', ')}`,
    );
  }
  // Keep the table's column order (stable JSON, and the electric-schema header reads naturally).
  return table.columns.filter((c) => def.columns!.includes(c.name)).map((c) => c.name);
}

/** Parses and type-checks the where clause; 400 (field `where`/`params`) on any problem. */
export function planShapeWhere(def: NormalizedDefinition, table: TableInfo): WherePlan | null {
  if (def.where === null) return null;
  try {
    return planWhere(parseWhere(def.where), table, def.params);
  } catch (e) {
    if (e instanceof WhereSyntaxError) throw InvalidRequestError.of('where', e.message);
    if (e instanceof WhereTypeError) throw InvalidRequestError.of('params', e.message);
    throw e;
  }
}

export type ShapeStatus = 'creating' | 'ready' | 'gone';

interface SnapshotFilter {
  xmin: bigint;
  xmax: bigint;
  xip: ReadonlySet<number>;
  untilLsn: bigint;
}

export class Shape implements ShapeView {
  status: ShapeStatus;
  tail: LogTail;
  lastUsedAt: number;
  /** Why a creating shape must be dropped instead of becoming ready. */
  invalidated: string | null = null;
  /** Replicated transactions seen while the snapshot was being taken. */
  readonly buffered: Array<{ lsn: bigint; xid: number; items: PendingItem[] }> = [];
  readonly keyPrefix: string;
  readonly relationJson: string;
  readonly pk: readonly string[];
  readonly columns: readonly string[];
  readonly replica: 'default' | 'full';
  readonly schemaHeader: string;
  readonly tableSignature: string;
  /** Stored generated columns: left out of the signature on both sides (PostgreSQL 18 publishes them, 15 does not). */
  readonly generatedColumns: ReadonlySet<string>;
  readonly where: CompiledWhere;
  private filter: SnapshotFilter | null = null;
  private waiters = new Set<() => void>();
  /** The last log read, shared by the long polls one change wakes together (see readShared). */
  private lastRead: { tail: LogTail; after: LogOffset; result: ReadResult } | null = null;
  /** Settles when the snapshot is stored (or the creation failed). */
  readonly ready: Promise<void>;
  settleReady!: (error?: Error) => void;

  constructor(
    readonly id: number,
    readonly handle: string,
    readonly defKey: string,
    public record: ShapeRecord,
    status: 'creating' | 'ready',
    tail: LogTail,
    lastUsedAt: number,
  ) {
    const t = record.table;
    this.status = status;
    this.tail = tail;
    this.lastUsedAt = lastUsedAt;
    this.keyPrefix = keyPrefix(t.schema, t.name);
    this.relationJson = JSON.stringify([t.schema, t.name]);
    this.pk = t.pk;
    this.columns = record.columns;
    this.replica = record.definition.replica;
    this.schemaHeader = electricSchemaHeader(t, record.columns);
    this.tableSignature = tableSignature(t);
    this.generatedColumns = new Set(t.columns.filter((c) => c.generated).map((c) => c.name));
    const plan = planShapeWhere(record.definition, t);
    this.where = plan ? compileWhere(plan, record.constants) : MATCH_ALL;
    if (record.snapshot) this.setSnapshot(record.snapshot);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    // A failure is reported to each waiting request; avoid an unhandled rejection when none waits.
    this.ready.catch(() => {});
    if (status === 'ready') this.settleReady();
  }

  /** A method, not a field test, so TypeScript does not narrow it away across awaits. */
  isGone(): boolean {
    return this.status === 'gone';
  }

  get tableOid(): number {
    return this.record.table.oid;
  }

  matches(row: Row): boolean {
    return this.where.matches(row);
  }

  setSnapshot(s: ShapeRecord['snapshot'] & object): void {
    this.filter = {
      xmin: BigInt(s.xmin),
      xmax: BigInt(s.xmax),
      xip: new Set(s.xip.map((x) => Number(BigInt(x) & 0xffff_ffffn))),
      untilLsn: BigInt(s.insertLsn),
    };
  }

  /** True when a transaction's effects are already in this shape's snapshot. */
  inSnapshot(commitLsn: bigint, xid: number): boolean {
    const f = this.filter;
    return f !== null && commitLsn < f.untilLsn && visibleInSnapshot(f, xid);
  }

  /** Waits for new log entries or a status change; resolves false on timeout or abort. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (changed: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve(changed);
      };
      const wake = () => finish(true);
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) finish(false);
    });
  }

  /**
   * `read(after)` through a one-entry memo: a change wakes every long poll
   * waiting here, all at the same offset, and they would otherwise each run
   * the same SQLite query. A read is only reused while the tail is the same
   * object (it is replaced at every append), so it can never miss an entry.
   */
  readShared(after: LogOffset, read: (after: LogOffset) => ReadResult): ReadResult {
    const last = this.lastRead;
    if (last && last.tail === this.tail && compareOffsets(last.after, after) === 0) return last.result;
    const result = read(after);
    this.lastRead = { tail: this.tail, after, result };
    return result;
  }

  get hasWaiters(): boolean {
    return this.waiters.size > 0;
  }

  get waitingCount(): number {
    return this.waiters.size;
  }

  notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function snapshotToRecord(s: PgSnapshot): NonNullable<ShapeRecord['snapshot']> {
  return {
    xmin: String(s.xmin),
    xmax: String(s.xmax),
    xip: s.xip.map(String),
    insertLsn: String(s.insertLsn),
  };
}
