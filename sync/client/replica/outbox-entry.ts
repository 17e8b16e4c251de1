/**
 * Outbox entries: their types, their row in SQLite, and the wire-shape check
 * every entry passes before it is stored (see outbox.ts for the lifecycle).
 */
import { clientMutation, insertSchema, updateSchema } from '../../schema/index.ts';
import type { MutableTableName } from './ddl.ts';

export type OutboxStatus = 'pending' | 'sent' | 'applied' | 'rejected';
export type MutationOp = 'insert' | 'update' | 'delete' | 'restore';

/** A change a local command makes, before it becomes an outbox entry. */
export interface LocalMutation {
  table: MutableTableName;
  op: MutationOp;
  row_id: string;
  /** insert: the new row's fields (not id or workspace_id); update: only the changed fields; delete/restore: none. */
  changes?: Record<string, unknown>;
  /** insert only: the workspace the new row belongs to (the wire leaves it to the session). */
  workspace_id?: string;
}

export interface OutboxEntry {
  seq: number;
  mutation_id: string;
  table: MutableTableName;
  op: MutationOp;
  row_id: string;
  workspace_id: string | null;
  changes: Record<string, unknown> | null;
  created_at: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  applied_at: string | null;
  txid: string | null;
  rejection: { code: string; message: string; field: string | null } | null;
}

export interface EntryRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  op: MutationOp;
  row_id: string;
  workspace_id: string | null;
  changes: string | null;
  created_at: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  applied_at: string | null;
  txid: string | null;
  reject_code: string | null;
  reject_message: string | null;
  reject_field: string | null;
}

export function toEntry(r: EntryRow): OutboxEntry {
  return {
    seq: r.seq,
    mutation_id: r.mutation_id,
    table: r.table_name as MutableTableName,
    op: r.op,
    row_id: r.row_id,
    workspace_id: r.workspace_id,
    changes: r.changes ? (JSON.parse(r.changes) as Record<string, unknown>) : null,
    created_at: r.created_at,
    status: r.status,
    attempts: r.attempts,
    last_error: r.last_error,
    sent_at: r.sent_at,
    applied_at: r.applied_at,
    txid: r.txid,
    rejection: r.reject_code
      ? { code: r.reject_code, message: r.reject_message ?? '', field: r.reject_field }
      : null,
  };
}

/** The outbox holds nothing the server's zod would refuse for its shape (commands check more, earlier). */
export function checkWireShape(m: LocalMutation, mutationId: string, createdAt: string): void {
  clientMutation.parse({
    mutation_id: mutationId,
    table: m.table,
    op: m.op,
    row_id: m.row_id,
    changes: m.changes,
    created_at: createdAt,
  });
  if (m.op === 'insert') {
    if (!m.workspace_id) throw new Error(`insert into ${m.table} needs workspace_id`);
    // Built once per table by sync/schema.
    insertSchema(m.table).parse({ ...m.changes, id: m.row_id, workspace_id: m.workspace_id });
  } else if (m.op === 'update') {
    updateSchema(m.table).parse(m.changes ?? {});
  } else if (m.changes !== undefined) {
    throw new Error(`${m.op} carries no changes`);
  }
}
