/**
 * Reads one replicated table from the server's /v1/shape and makes it visible
 * in the replica at up-to-date boundaries only, so the replica never shows
 * half a server transaction or half a shape. A snapshot from scratch is read
 * by snapshot-reader.ts (the same protocol, one decode and a plain JSON.parse
 * per answer); from a stored position on, the official ShapeStream reads.
 *
 *   start ─► (no saved position) replace mode, snapshot-reader: stage each answer ─up-to-date─► replaceFromStaging
 *         │                                                                   └─► ShapeStream from the stored position
 *         └► (saved handle+offset) ShapeStream, incremental: collect changes ─up-to-date─► applyWithSpill (position stored with them)
 *                                      └─ an answer ends before up-to-date ─► spillChanges (to disk, replica/catch-up-spill.ts)
 *   must-refetch (either reader) ─► replace mode again (staged rows dropped); pending local edits survive the replace
 *
 * Replace mode streams: every batch the reader delivers (one HTTP answer,
 * at most a server chunk) is written to the table's staging table before the
 * callback returns, while the reader's next request already downloads the next
 * chunk; memory holds a batch or two whatever the table's size. The previous
 * rows stay visible until the swap (replica/snapshot-staging.ts). A restart
 * mid-snapshot streams the shape from its beginning again.
 *
 * The handle and offset are stored in the same SQLite transaction as the rows,
 * so after a restart the stream resumes exactly after the data it has.
 *
 * A replace confirms local mutations too, in the same transaction: those whose
 * transaction ids came with change messages of the replaced log, and those the
 * snapshot already contains (its snapshot-end visibility). Otherwise a write
 * pushed during an initial sync would stay "applied" on top of the row until
 * the grace period (APPLIED_GRACE_MS), masking the server's later edits.
 */
import {
  ShapeStream,
  isChangeMessage,
  isControlMessage,
  type Message,
  type PostgresSnapshot,
  type Row,
} from '@electric-sql/client';
import { z } from 'zod';
import { xid32, xidVisibleInSnapshot, type TableName } from '../../schema/index.ts';
import type { Replica, ServerChange, ShapePosition } from '../replica/index.ts';
import { readSnapshot } from './snapshot-reader.ts';

export interface ShapeConsumerOptions {
  table: TableName;
  shapeUrl: string;
  replica: Replica;
  /** Current bearer token (read on every request, so a new sign-in takes effect). */
  token: () => string;
  /** Distinguishes this sync client's streams from any other in the process (ignored by the server). */
  streamKey: string;
  /** Longest wait between retries while the server is unreachable. */
  maxRetryDelayMs: number;
  /** fetch used for every shape request (the sync client wraps it to see online/offline). */
  fetchClient: typeof fetch;
  /** fetch for a snapshot's big answers (bulk-fetch.ts, wrapped the same way); fetchClient if not given. */
  snapshotFetch?: typeof fetch;
  /** Change messages received in a batch (progress of an initial sync). */
  onRows(table: TableName, rows: number): void;
  onUpToDate(table: TableName): void;
  onError(table: TableName, error: Error): void;
}

export class ShapeConsumer {
  private stream: ShapeStream | null = null;
  private unsubscribe: (() => void) | null = null;
  private abort = new AbortController();
  private replacing = false;
  private requestedAt: string | undefined;
  /** Replace mode: this run's staging table exists (made at the first batch, so leftovers of an earlier run go then). */
  private staging = false;
  private changes: ServerChange[] = [];
  /** Replace mode: transaction ids of the collected change messages, and the snapshot's visibility. */
  private replaceTxids = new Set<string>();
  private snapshot: PostgresSnapshot | undefined;
  /** The snapshot of the rows last replaced in this run: answers that arrive later are checked against it. */
  private replacedSnapshot: PostgresSnapshot | undefined;
  /** While snapshot-reader.ts reads: the position after the answer being applied. */
  private readerPosition: ShapePosition | undefined;
  upToDate = false;

  constructor(private readonly o: ShapeConsumerOptions) {}

  start(): void {
    const saved = this.o.replica.fromServer.shapeState(this.o.table);
    // Kept with the stream position, so answers recorded after a restart are still checked against it.
    this.replacedSnapshot = parseSnapshot(saved?.snapshot);
    this.replacing = !saved;
    this.staging = false;
    this.changes = [];
    // A catch-up spilled by an earlier run (stopped or killed before its up-to-date) comes again from the saved position.
    this.o.replica.fromServer.dropSpill(this.o.table);
    this.requestedAt = this.o.replica.nowIso();
    this.abort = new AbortController();
    // An aborted reader of an earlier run may have left its last position here.
    this.readerPosition = undefined;
    if (saved) this.startStream(saved);
    else this.readSnapshot();
  }

  /**
   * No saved position: the snapshot is read by snapshot-reader.ts (the same
   * protocol, parsed without the official client's per-value reviver), then
   * the official ShapeStream goes on from the position stored at its up-to-date.
   */
  private readSnapshot(): void {
    const abort = this.abort;
    readSnapshot({
      table: this.o.table,
      shapeUrl: this.o.shapeUrl,
      streamKey: this.o.streamKey,
      token: this.o.token,
      fetchClient: this.o.snapshotFetch ?? this.o.fetchClient,
      signal: abort.signal,
      maxRetryDelayMs: this.o.maxRetryDelayMs,
      onAnswer: (answer) => {
        if (abort.signal.aborted) return;
        this.readerPosition = { handle: answer.handle, offset: answer.offset };
        try {
          this.onMessages(answer.messages);
        } catch (err) {
          this.failedToApply(err);
        }
      },
    }).then(
      () => {
        if (abort.signal.aborted) return;
        this.readerPosition = undefined;
        const saved = this.o.replica.fromServer.shapeState(this.o.table);
        if (saved) this.startStream(saved);
        else this.o.onError(this.o.table, new Error('the snapshot ended without a stream position'));
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        this.readerPosition = undefined;
        abort.abort();
        this.o.onError(this.o.table, err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  /** The official ShapeStream from a stored position: catch-up, then live. */
  private startStream(saved: ShapePosition): void {
    this.stream = new ShapeStream({
      url: this.o.shapeUrl,
      // `stream` makes this stream's cache key its own: the client remembers expired handles per
      // key for the whole process, and another account's stream must not inherit them.
      params: { table: this.o.table, stream: this.o.streamKey },
      offset: saved.offset as `${number}_${number}`,
      handle: saved.handle,
      headers: { authorization: () => `Bearer ${this.o.token()}` },
      signal: this.abort.signal,
      fetchClient: this.o.fetchClient,
      backoffOptions: {
        initialDelay: Math.min(1000, this.o.maxRetryDelayMs),
        maxDelay: this.o.maxRetryDelayMs,
        multiplier: 2,
      },
      onError: (error) => {
        this.o.onError(this.o.table, error);
        // Returning nothing stops the stream; the sync client decides whether to restart it.
      },
    });
    const stream = this.stream;
    this.unsubscribe = this.stream.subscribe(
      (messages) => {
        try {
          this.onMessages(messages);
        } catch (err) {
          if (this.stream === stream) this.failedToApply(err);
        }
      },
      (error) => this.o.onError(this.o.table, error),
    );
  }

  /**
   * The replica could not take an answer (a SQLite error: disk full, a locked
   * or damaged file). The official client would rethrow it as an uncaught
   * exception and go on reading answers past the rows it lost; instead this
   * stream stops at once, so nothing after the failed answer is applied or
   * its position saved, and the sync client restarts it from the last saved
   * position (onError), which asks for the failed answer again.
   */
  private failedToApply(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.stop();
    this.o.onError(this.o.table, new Error(`could not save what the server sent: ${error.message}`));
  }

  /**
   * Drops applied mutations of this table that the replaced snapshot already
   * contains: their change will never come as a message with their txid.
   * Called after a replace and whenever answers were recorded (the answer to a
   * push may arrive after the snapshot that holds its effect).
   */
  confirmFromSnapshot(): void {
    const snap = this.replacedSnapshot;
    if (!snap) return;
    const outbox = this.o.replica.outbox;
    const visible = outbox
      .entries({ status: ['applied'], table: this.o.table })
      .filter((e) => e.txid !== null && visibleInSnapshot(e.txid, snap))
      .map((e) => e.txid!);
    if (visible.length > 0)
      this.o.replica.transaction(() => outbox.confirmTxids(this.o.table, new Set(visible)));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.abort.abort();
    this.stream = null;
    this.upToDate = false;
  }

  private onMessages(messages: Message<Row>[]): void {
    let received = 0;
    // Replace mode: this batch's rows, staged before the callback returns (the stream waits for it).
    let batch: ServerChange[] = [];
    const flush = () => {
      if (batch.length > 0) this.stage(batch);
      batch = [];
    };
    for (const m of messages) {
      if (isChangeMessage(m)) {
        received++;
        const txids = m.headers.txids;
        const change: ServerChange = {
          op: m.headers.operation as ServerChange['op'],
          row: m.value,
          ...(txids ? { txids } : {}),
        };
        if (this.replacing) {
          for (const t of txids ?? []) this.replaceTxids.add(String(t));
          batch.push(change);
        } else {
          this.changes.push(change);
        }
        continue;
      }
      if (!isControlMessage(m)) continue;
      const control = m.headers.control;
      if (control === 'must-refetch') {
        this.replacing = true;
        this.requestedAt = this.o.replica.nowIso();
        batch = [];
        this.staging = false;
        this.changes = [];
        this.o.replica.fromServer.dropSpill(this.o.table);
        this.replaceTxids.clear();
        this.snapshot = undefined;
        this.replacedSnapshot = undefined;
      } else if (control === 'snapshot-end') {
        const { xmin, xmax, xip_list } = m.headers as unknown as PostgresSnapshot;
        this.snapshot = { xmin, xmax, xip_list };
      } else if (control === 'up-to-date') {
        // Rows count as received before they are applied: progress reaches them before the table is done.
        if (received > 0) this.o.onRows(this.o.table, received);
        received = 0;
        flush();
        this.commit();
      }
    }
    flush();
    // A catch-up longer than one answer: its changes wait on disk, not in memory (catch-up-spill.ts).
    if (this.changes.length > 0) {
      this.o.replica.fromServer.spillChanges(this.o.table, this.changes);
      this.changes = [];
    }
    if (received > 0) this.o.onRows(this.o.table, received);
  }

  /** Writes a batch of the snapshot being streamed into the table's staging table. */
  private stage(batch: readonly ServerChange[]): void {
    const server = this.o.replica.fromServer;
    if (!this.staging) server.beginSnapshot(this.o.table);
    this.staging = true;
    server.stageSnapshot(this.o.table, batch);
  }

  private commit(): void {
    const handle = this.readerPosition?.handle ?? this.stream?.shapeHandle;
    const offset = this.readerPosition?.offset ?? this.stream?.lastOffset;
    const shape = handle && offset ? { handle, offset } : undefined;
    const server = this.o.replica.fromServer;
    if (this.replacing) {
      if (!this.staging) server.beginSnapshot(this.o.table);
      this.o.replica.transaction(() => {
        server.replaceFromStaging(this.o.table, {
          ...(shape ? { shape } : {}),
          upToDate: true,
          ...(this.requestedAt ? { requestedAt: this.requestedAt } : {}),
          ...(this.snapshot ? { snapshot: this.snapshot } : {}),
        });
        this.o.replica.outbox.confirmTxids(this.o.table, this.replaceTxids);
      });
      this.replacedSnapshot = this.snapshot;
      this.confirmFromSnapshot();
      this.staging = false;
      this.replaceTxids.clear();
      this.snapshot = undefined;
      this.replacing = false;
    } else {
      server.applyWithSpill(this.o.table, this.changes, {
        ...(shape ? { shape } : {}),
        upToDate: true,
      });
      this.changes = [];
    }
    this.upToDate = true;
    this.o.onUpToDate(this.o.table);
  }
}

const snapshotJson = z.object({
  xmin: z.string(),
  xmax: z.string(),
  xip_list: z.array(z.string()),
});

/** The stored snapshot, if there is one and it reads back as one (anything else: none). */
function parseSnapshot(text: string | null | undefined): PostgresSnapshot | undefined {
  if (!text) return undefined;
  try {
    const parsed = snapshotJson.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as unknown as PostgresSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the 32-bit transaction id the server answered a mutation with is
 * visible in a snapshot given as 64-bit xids (pg_current_snapshot), by the one
 * rule the server's shape engine uses too (sync/schema/xid-visibility.ts).
 */
export function visibleInSnapshot(txid: string, snapshot: PostgresSnapshot): boolean {
  const inProgress = new Set(snapshot.xip_list.map(xid32));
  return xidVisibleInSnapshot(xid32(txid), {
    xmin: xid32(snapshot.xmin),
    xmax: xid32(snapshot.xmax),
    inProgress: (x) => inProgress.has(x),
  });
}
