/**
 * The outbox: local mutations on their way to the server, in the order they
 * were made, in the wire format of sync/schema/mutations.ts.
 *
 * Lifecycle of an entry:
 *
 *   enqueue ──► pending ──markSent──► sent ──result applied(txid)──► applied ──txid on the stream──► (dropped)
 *                  ▲                  │  │                              (dropped at once if the stream
 *                  └──recordFailure───┘  │                               already delivered that txid; and
 *                                        │                               at an up-to-date boundary long
 *                                        │                               after applied_at: see expireApplied)
 *                  │                     └──result rejected(code)──► rejected ──discard──► (dropped)
 *                  └──────────── retry: a new entry, new mutation_id ◄───┘
 *
 *   pending, sent, applied: part of the overlay (the user sees the change);
 *   rejected: left out of the overlay (the row shows the server's state) and
 *   listed with its reason and original changes until retried or discarded.
 *   `sent` means "may have reached the server": it is sent again after a
 *   restart, which the server's idempotency key (mutation_id) makes harmless.
 *   A retry takes a new mutation_id because the server remembers its answer
 *   for the old one.
 */
import {
  MAX_MUTATIONS_PER_BATCH,
  type ClientMutation,
  type MutationResult,
  type TableName,
} from '../../schema/index.ts';
import type { MutableTableName } from './ddl.ts';
import {
  checkWireShape,
  toEntry,
  type EntryRow,
  type LocalMutation,
  type OutboxEntry,
  type OutboxStatus,
} from './outbox-entry.ts';
import { rebaseRecords } from './overlay.ts';
import { canonicalTimestamp } from './sql-types.ts';
import type { ReplicaConnection } from './connection.ts';
import { uuidv7 } from './uuidv7.ts';

export type { LocalMutation, MutationOp, OutboxEntry, OutboxStatus } from './outbox-entry.ts';

const SELECT = 'SELECT * FROM outbox';

export class Outbox {
  constructor(private readonly r: ReplicaConnection) {}

  /**
   * Appends local mutations and updates their records' overlays (and search
   * documents), all in one transaction: a crash leaves all of them or none.
   * Returns the new entries in order.
   */
  enqueue(mutations: readonly LocalMutation[]): OutboxEntry[] {
    return this.r.transaction(() => {
      const createdAt = this.r.nowIso();
      const insert = this.r.stmt(
        `INSERT INTO outbox (mutation_id, table_name, op, row_id, workspace_id, changes, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      );
      const rows: EntryRow[] = [];
      for (const m of mutations) {
        const id = uuidv7(this.r.now().getTime());
        checkWireShape(m, id, createdAt);
        const changes = m.changes === undefined ? null : JSON.stringify(m.changes);
        rows.push(
          insert.get(
            id,
            m.table,
            m.op,
            m.row_id,
            m.op === 'insert' ? m.workspace_id : null,
            changes,
            createdAt,
          ) as EntryRow,
        );
      }
      this.rebaseAll(rows.map((e) => [e.table_name as MutableTableName, e.row_id]));
      this.r.touch('outbox', 'local');
      return rows.map(toEntry);
    });
  }

  /**
   * Push loop: the next mutations to send, oldest first (pending, and sent ones not yet answered).
   * `after`: only those queued after that mutation (the batch behind one still in flight).
   */
  nextBatch(limit: number = MAX_MUTATIONS_PER_BATCH, after?: string): ClientMutation[] {
    const n = Math.min(limit, MAX_MUTATIONS_PER_BATCH);
    const rows = (
      after === undefined
        ? this.r.stmt(`${SELECT} WHERE status IN ('pending', 'sent') ORDER BY seq LIMIT ?`).all(n)
        : this.r
            .stmt(
              `${SELECT} WHERE status IN ('pending', 'sent')
               AND seq > (SELECT seq FROM outbox WHERE mutation_id = ?) ORDER BY seq LIMIT ?`,
            )
            .all(after, n)
    ) as EntryRow[];
    return rows.map((e) => ({
      mutation_id: e.mutation_id,
      table: e.table_name as MutableTableName,
      op: e.op,
      row_id: e.row_id,
      ...(e.changes === null ? {} : { changes: JSON.parse(e.changes) as Record<string, unknown> }),
      created_at: e.created_at,
    }));
  }

  /** Push loop: these mutations are about to be POSTed (pending -> sent; attempts + 1). */
  markSent(mutationIds: readonly string[]): void {
    this.r.transaction(() => {
      const now = this.r.nowIso();
      const s = this.r.stmt(
        `UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?
         WHERE mutation_id = ? AND status IN ('pending', 'sent')`,
      );
      for (const id of mutationIds) s.run(now, id);
      this.r.touch('outbox', 'outbox');
    });
  }

  /**
   * Push loop: the POST failed without answers (offline, 5xx, timeout). The
   * mutations go back to pending with the error kept for the status display.
   */
  recordFailure(mutationIds: readonly string[], message: string): void {
    this.r.transaction(() => {
      const s = this.r.stmt(
        `UPDATE outbox SET status = 'pending', last_error = ? WHERE mutation_id = ? AND status = 'sent'`,
      );
      for (const id of mutationIds) s.run(message, id);
      this.r.touch('outbox', 'outbox');
    });
  }

  /**
   * Push loop: the server's answers. `applied` waits for its txid on the shape
   * stream (or is dropped now if the stream was faster, or if the server
   * changed nothing, so no change will come); `rejected` leaves the
   * overlay, restoring the server's row, and joins the rejected list.
   */
  recordResults(results: readonly MutationResult[]): {
    applied: number;
    rejected: number;
    dropped: number;
  } {
    return this.r.transaction(() => {
      const out = { applied: 0, rejected: 0, dropped: 0 };
      const now = this.r.nowIso();
      const touched: [MutableTableName, string][] = [];
      for (const res of results) {
        const e = this.r.stmt(`${SELECT} WHERE mutation_id = ?`).get(res.mutation_id) as
          EntryRow | undefined;
        if (!e || e.status === 'applied' || e.status === 'rejected') continue;
        if (res.status === 'applied') {
          out.applied++;
          // Nothing changed on the server (the row already was as asked), or the
          // stream was faster than the answer: no change with this txid is to come.
          const seen =
            res.unchanged ||
            this.r
              .stmt('SELECT 1 FROM seen_txids WHERE table_name = ? AND txid = ?')
              .get(e.table_name, res.txid);
          if (seen) {
            this.r.stmt('DELETE FROM outbox WHERE seq = ?').run(e.seq);
            out.dropped++;
          } else {
            this.r
              .stmt(
                `UPDATE outbox SET status = 'applied', txid = ?, applied_at = ?, last_error = NULL WHERE seq = ?`,
              )
              .run(res.txid, now, e.seq);
            continue; // still in the overlay, unchanged
          }
        } else {
          out.rejected++;
          this.r
            .stmt(
              `UPDATE outbox SET status = 'rejected', reject_code = ?, reject_message = ?, reject_field = ?, last_error = NULL
               WHERE seq = ?`,
            )
            .run(res.code, res.message, res.field ?? null, e.seq);
        }
        touched.push([e.table_name as MutableTableName, e.row_id]);
      }
      this.rebaseAll(touched);
      this.r.touch('outbox', 'outbox');
      return out;
    });
  }

  /**
   * Push loop: the server keeps failing on this one mutation (5xx) while it
   * answers everything else. It leaves the queue as rejected with `code` and
   * the server's message, so later edits are not held back behind it; the
   * user retries or discards it like any rejection.
   */
  setAside(mutationId: string, code: string, message: string): void {
    this.r.transaction(() => {
      const e = this.r
        .stmt(`${SELECT} WHERE mutation_id = ? AND status IN ('pending', 'sent')`)
        .get(mutationId) as EntryRow | undefined;
      if (!e) return;
      this.r
        .stmt(
          `UPDATE outbox SET status = 'rejected', reject_code = ?, reject_message = ?, reject_field = NULL, last_error = NULL
           WHERE seq = ?`,
        )
        .run(code, message, e.seq);
      this.rebaseAll([[e.table_name as MutableTableName, e.row_id]]);
      this.r.touch('outbox', 'outbox');
    });
  }

  /**
   * Server apply: the shape stream of `table` delivered these transaction ids.
   * Applied entries of that table with one of them are dropped (the synced row
   * now holds their effect) and the ids are remembered for answers still to come.
   * Matching on the table too: one server transaction can span tables whose
   * streams arrive at different times.
   */
  confirmTxids(table: TableName, txids: ReadonlySet<string>): string[] {
    const { dropped, touched } = this.dropConfirmed(table, txids);
    this.rebaseAll(touched, 'server');
    return dropped;
  }

  /**
   * confirmTxids without the rebase: the records whose entries were dropped are
   * returned for the caller to rebase, with whatever else it rebases, once
   * (server apply: a row that arrives with its own confirmation is rebased once,
   * not once for the new synced row and again for the dropped entry; issue 13).
   */
  dropConfirmed(
    table: TableName,
    txids: ReadonlySet<string>,
  ): { dropped: string[]; touched: [MutableTableName, string][] } {
    if (txids.size === 0) return { dropped: [], touched: [] };
    const now = this.r.nowIso();
    const remember = this.r.stmt(
      'INSERT OR IGNORE INTO seen_txids (table_name, txid, seen_at) VALUES (?, ?, ?)',
    );
    const find = this.r.stmt(
      `SELECT seq, mutation_id, row_id FROM outbox WHERE table_name = ? AND txid = ? AND status = 'applied'`,
    );
    const drop = this.r.stmt('DELETE FROM outbox WHERE seq = ?');
    const dropped: string[] = [];
    const touched: [MutableTableName, string][] = [];
    for (const txid of txids) {
      remember.run(table, txid, now);
      for (const e of find.all(table, txid) as {
        seq: number;
        mutation_id: string;
        row_id: string;
      }[]) {
        drop.run(e.seq);
        dropped.push(e.mutation_id);
        touched.push([table as MutableTableName, e.row_id]);
      }
    }
    // Answers come within seconds of their txid; a day of memory is plenty.
    this.r
      .stmt('DELETE FROM seen_txids WHERE seen_at < ?')
      .run(canonicalTimestamp(new Date(this.r.now().getTime() - 86_400_000)));
    if (dropped.length > 0) this.r.touch('outbox', 'server');
    return { dropped, touched };
  }

  /**
   * Server apply, at an up-to-date boundary of `table`'s stream: drops applied
   * entries answered before `before` whose txid never came. A mutation that
   * changed nothing on the server (a value set to what it already was) may
   * produce no change message, and an entry waiting for it would mask later
   * server edits of its fields for ever. The caller passes a time well past the
   * stream's normal lag, so this only ever catches those.
   */
  expireApplied(table: TableName, before: string): string[] {
    const gone = this.r
      .stmt(
        `DELETE FROM outbox WHERE table_name = ? AND status = 'applied' AND applied_at < ?
         RETURNING mutation_id, row_id`,
      )
      .all(table, before) as { mutation_id: string; row_id: string }[];
    this.rebaseAll(
      gone.map((g) => [table as MutableTableName, g.row_id]),
      'server',
    );
    if (gone.length > 0) this.r.touch('outbox', 'server');
    return gone.map((g) => g.mutation_id);
  }

  /** The user's "try again", optionally with corrected changes: a new pending entry at the end of the queue. */
  retry(mutationId: string, changes?: Record<string, unknown>): OutboxEntry {
    return this.r.transaction(() => {
      const e = this.r
        .stmt(`${SELECT} WHERE mutation_id = ? AND status = 'rejected'`)
        .get(mutationId) as EntryRow | undefined;
      if (!e) throw new Error(`no rejected mutation ${mutationId}`);
      this.r.stmt('DELETE FROM outbox WHERE seq = ?').run(e.seq);
      const [entry] = this.enqueue([
        {
          table: e.table_name as MutableTableName,
          op: e.op,
          row_id: e.row_id,
          ...(e.workspace_id ? { workspace_id: e.workspace_id } : {}),
          ...(changes
            ? { changes }
            : e.changes
              ? { changes: JSON.parse(e.changes) as Record<string, unknown> }
              : {}),
        },
      ]);
      return entry!;
    });
  }

  /** The user gives up a rejected change; the row already shows the server's state. */
  discard(mutationId: string): void {
    this.r.transaction(() => {
      const e = this.r
        .stmt(`${SELECT} WHERE mutation_id = ? AND status = 'rejected'`)
        .get(mutationId) as EntryRow | undefined;
      if (!e) throw new Error(`no rejected mutation ${mutationId}`);
      this.r.stmt('DELETE FROM outbox WHERE seq = ?').run(e.seq);
      this.rebaseAll([[e.table_name as MutableTableName, e.row_id]]);
      this.r.touch('outbox', 'local');
    });
  }

  /**
   * Drops every change the server does not have (pending, sent, rejected) and
   * their overlays: the explicit "discard" of a sign-out. Returns how many.
   */
  discardUnsynced(): number {
    return this.r.transaction(() => {
      const rows = this.r
        .stmt(
          `SELECT seq, table_name, row_id FROM outbox WHERE status IN ('pending', 'sent', 'rejected')`,
        )
        .all() as { seq: number; table_name: string; row_id: string }[];
      const del = this.r.stmt('DELETE FROM outbox WHERE seq = ?');
      for (const e of rows) del.run(e.seq);
      this.rebaseAll(rows.map((e) => [e.table_name as MutableTableName, e.row_id]));
      this.r.touch('outbox', 'local');
      return rows.length;
    });
  }

  /** Entries by status (all when omitted), oldest first; optionally for one record. */
  entries(
    filter: { status?: readonly OutboxStatus[]; table?: TableName; row_id?: string } = {},
  ): OutboxEntry[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.status) {
      where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
      args.push(...filter.status);
    }
    if (filter.table) {
      where.push('table_name = ?');
      args.push(filter.table);
    }
    if (filter.row_id) {
      where.push('row_id = ?');
      args.push(filter.row_id);
    }
    const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    return (this.r.stmt(sql).all(...args) as EntryRow[]).map(toEntry);
  }

  /** The rejected list the user can retry or discard. */
  rejected(): OutboxEntry[] {
    return this.entries({ status: ['rejected'] });
  }

  counts(): Record<OutboxStatus, number> {
    const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, applied: 0, rejected: 0 };
    for (const r of this.r
      .stmt('SELECT status, count(*) AS n FROM outbox GROUP BY status')
      .all() as { status: OutboxStatus; n: number }[]) {
      out[r.status] = r.n;
    }
    return out;
  }

  /** Changes the server does not have for certain: what a sign-out would lose. */
  unsyncedCount(): number {
    const c = this.counts();
    return c.pending + c.sent + c.rejected;
  }

  private rebaseAll(
    rows: Iterable<[MutableTableName, string]>,
    source: 'local' | 'server' = 'local',
  ): void {
    rebaseRecords(this.r, rows, source);
  }
}
