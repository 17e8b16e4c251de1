/**
 * What one client wrote and what the test did with it since: the record the
 * invariants hold the server and the replica to. Every local write goes
 * through here (enqueue, retry, discard), so a write that vanishes without a
 * trace shows up as a ledger entry with no home.
 */
import type { LocalMutation, OutboxEntry, Replica } from '../../client/replica/index.ts';

/** live: the client still stands by it; retried: replaced by a new mutation; discarded: the user gave it up. */
export type Fate = 'live' | 'retried' | 'discarded';

export interface LedgerEntry {
  mutation_id: string;
  table: string;
  op: string;
  row_id: string;
  fate: Fate;
  /** For a retried entry: the mutation that replaced it. */
  retried_as?: string;
}

export class WriteLedger {
  readonly entries = new Map<string, LedgerEntry>();

  /** Notes entries that were enqueued elsewhere (e.g. by a child process that printed them). */
  record(written: readonly Pick<LedgerEntry, 'mutation_id' | 'table' | 'op' | 'row_id'>[]): void {
    for (const e of written) {
      this.entries.set(e.mutation_id, { mutation_id: e.mutation_id, table: e.table, op: e.op, row_id: e.row_id, fate: 'live' });
    }
  }

  /** Enqueues local mutations (one replica transaction) and records them. */
  write(replica: Replica, mutations: readonly LocalMutation[]): OutboxEntry[] {
    const written = replica.outbox.enqueue(mutations);
    this.record(written);
    return written;
  }

  /** The user's "try again" on a rejected write, optionally with corrected changes. */
  retry(replica: Replica, mutationId: string, changes?: Record<string, unknown>): OutboxEntry {
    const fresh = replica.outbox.retry(mutationId, changes);
    this.mark(mutationId, 'retried', fresh.mutation_id);
    this.record([fresh]);
    return fresh;
  }

  /** The user's "discard" on a rejected write. */
  discard(replica: Replica, mutationId: string): void {
    replica.outbox.discard(mutationId);
    this.mark(mutationId, 'discarded');
  }

  live(): LedgerEntry[] {
    return [...this.entries.values()].filter((e) => e.fate === 'live');
  }

  private mark(mutationId: string, fate: Fate, retriedAs?: string): void {
    const e = this.entries.get(mutationId);
    if (!e) throw new Error(`mutation ${mutationId} is not in the ledger`);
    e.fate = fate;
    if (retriedAs) e.retried_as = retriedAs;
  }
}
