/**
 * What this desktop keeps of records' histories now that audit_log is not
 * replicated: the pages it fetched from the server (GET /v1/history), and its
 * own recent changes (own_changes, kept by outbox triggers, local migration 4).
 * Offline, a record's page shows these instead of the server's answer.
 *
 * Bounded: a record's cached history is its newest pages as last fetched
 * (a refetch of the first page replaces them), and records not looked at for
 * EVICT_AFTER_DAYS are dropped; own changes are kept 30 days.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { historyEntry, type HistoryEntry } from '../../schema/history.ts';

const EVICT_AFTER_DAYS = 90;

type Json = z.infer<ReturnType<typeof z.json>>;

export interface SavedHistory {
  entries: HistoryEntry[];
  /** When the cached copy was fetched; null when nothing was ever fetched for the record. */
  saved_at: string | null;
}

/** A change made on this device, from own_changes. */
export interface OwnChange {
  mutation_id: string;
  table: string;
  row_id: string;
  op: 'insert' | 'update' | 'delete' | 'restore';
  changes: Record<string, Json> | null;
  created_at: string;
  /** The server's transaction id (32-bit xid), once it applied the change. */
  txid: string | null;
}

const XID_WRAP = 2n ** 32n;

/** Whether an audit row records the server transaction a change of this device was applied in. */
function sameTransaction(entry: HistoryEntry, txid: string): boolean {
  return BigInt(entry.transaction_id) % XID_WRAP === BigInt(txid) % XID_WRAP;
}

/** What the cache needs of the open replica: its statements speak uuid text over blob ids (uuid-blob.ts). */
export interface HistoryStatements {
  readonly db: Database.Database;
  stmt(sql: string): Database.Statement;
}

export class HistoryCache {
  private readonly db: Database.Database;

  constructor(private readonly r: HistoryStatements) {
    this.db = r.db;
  }

  /**
   * Keeps one fetched page. The first page (no cursor) replaces what was cached
   * for the record, so a change of history on the server is never shown twice.
   */
  save(table: string, recordId: string, entries: HistoryEntry[], opts: { firstPage: boolean; now: string }): void {
    const insert = this.r.stmt(
      'INSERT OR REPLACE INTO history_cache (table_name, record_id, id, occurred_at, entry) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      if (opts.firstPage) {
        this.r.stmt('DELETE FROM history_cache WHERE table_name = ? AND record_id = ?').run(table, recordId);
      }
      for (const e of entries) insert.run(table, recordId, e.id, e.occurred_at, JSON.stringify(e));
      this.r
        .stmt('INSERT OR REPLACE INTO history_fetches (table_name, record_id, fetched_at) VALUES (?, ?, ?)')
        .run(table, recordId, opts.now);
      this.evict(opts.now);
    })();
  }

  /** The cached history of a record, newest first; `before` (a page cursor) for older entries. */
  read(table: string, recordId: string, limit: number, before?: string): SavedHistory & { next_cursor: string | null } {
    const fetched = this.r
      .stmt('SELECT fetched_at FROM history_fetches WHERE table_name = ? AND record_id = ?')
      .get(table, recordId) as { fetched_at: string } | undefined;
    const [beforeAt, beforeId] = before ? before.split('_') : [null, null];
    const rows = this.r
      .stmt(
        `SELECT entry FROM history_cache WHERE table_name = ? AND record_id = ?
           AND (? IS NULL OR (occurred_at, id) < (?, ?))
         ORDER BY occurred_at DESC, id DESC LIMIT ?`,
      )
      .all(table, recordId, beforeAt, beforeAt, beforeId, limit + 1) as { entry: string }[];
    const entries = rows.slice(0, limit).map((r) => historyEntry.parse(JSON.parse(r.entry)));
    const last = entries.at(-1);
    return {
      entries,
      saved_at: fetched?.fetched_at ?? null,
      next_cursor: rows.length > limit && last ? `${last.occurred_at}_${last.id}` : null,
    };
  }

  /**
   * This device's confirmed changes of a record that the saved history does
   * not already show: confirmed after the copy was fetched (`savedAt`), and not
   * of a transaction the copy has. Unconfirmed ones are left out: the outbox
   * lists them (pending or refused). Newest first.
   */
  ownChangesBeyond(table: string, recordId: string, cached: HistoryEntry[], savedAt: string | null): OwnChange[] {
    const rows = this.r
      .stmt(
        `SELECT c.mutation_id, c.table_name, c.row_id, c.op, c.changes, c.created_at, c.txid FROM own_changes c
         WHERE c.table_name = ? AND c.row_id = ? AND c.confirmed_at IS NOT NULL
           AND (? IS NULL OR c.confirmed_at > ?)
         ORDER BY c.created_at DESC`,
      )
      .all(table, recordId, savedAt, savedAt) as {
      mutation_id: string; table_name: string; row_id: string; op: OwnChange['op'];
      changes: string | null; created_at: string; txid: string | null;
    }[];
    return rows
      .filter((r) => r.txid === null || !cached.some((e) => sameTransaction(e, r.txid!)))
      .map((r) => ({
        mutation_id: r.mutation_id,
        table: r.table_name,
        row_id: r.row_id,
        op: r.op,
        changes: r.changes === null ? null : (JSON.parse(r.changes) as Record<string, Json>),
        created_at: r.created_at,
        txid: r.txid,
      }));
  }

  private evict(now: string): void {
    const cutoff = new Date(Date.parse(now) - EVICT_AFTER_DAYS * 86_400_000).toISOString();
    this.r
      .stmt(
        `DELETE FROM history_cache WHERE (table_name, record_id) IN
           (SELECT table_name, record_id FROM history_fetches WHERE fetched_at < ?)`,
      )
      .run(cutoff);
    this.r.stmt('DELETE FROM history_fetches WHERE fetched_at < ?').run(cutoff);
  }
}
