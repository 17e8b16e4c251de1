/**
 * The write contract between the desktop outbox and the server's
 * `POST /v1/mutations`. A mutation names a replicated table, an operation and a
 * row; `changes` carries only the fields it sets (validated per table with
 * insertSchema/updateSchema on both ends). `delete` is a soft delete and
 * `restore` undoes it. The server answers each mutation with `applied` (and the
 * 32-bit PostgreSQL transaction id the shape stream will carry in `txids`) or
 * `rejected` with a stable code.
 */
import { z } from 'zod';
import { MUTABLE_TABLES, type TableName } from './tables.ts';
import { clientClockTimestamp } from './time-rules.ts';

export const MUTATION_OPS = ['insert', 'update', 'delete', 'restore'] as const;
/**
 * `conflict` covers both "the row collides with another" (an existing id, a
 * unique pair) and "this mutation_id was already used for a different change".
 */
export const REJECTION_CODES = ['forbidden', 'not_found', 'conflict', 'invalid'] as const;
/** Batches larger than this are refused whole (413): the client splits them. */
export const MAX_MUTATIONS_PER_BATCH = 500;

export const mutationOp = z.enum(MUTATION_OPS);
export const rejectionCode = z.enum(REJECTION_CODES);
export const mutableTable = z.enum(MUTABLE_TABLES as [TableName, ...TableName[]]);

export const clientMutation = z.strictObject({
  /** Unique per device; the idempotency key together with the device id. */
  mutation_id: z.uuid(),
  table: mutableTable,
  op: mutationOp,
  row_id: z.uuid(),
  /** Insert: the new row's fields (not id or workspace_id, which come from row_id and the session). Update: only the changed fields. Delete/restore: absent. */
  changes: z.record(z.string(), z.unknown()).optional(),
  /**
   * When the user made the change, on the device's clock. It dates an opportunity's stage move
   * (stage_changed_at) once the server finds it plausible (client-time-rules.ts); otherwise
   * informational (the server stamps its own time). Storable bounds in time-rules.ts.
   */
  created_at: clientClockTimestamp,
});

export const mutationBatch = z.strictObject({
  mutations: z.array(clientMutation).min(1).max(MAX_MUTATIONS_PER_BATCH),
});

export const appliedResult = z.strictObject({
  mutation_id: z.uuid(),
  status: z.literal('applied'),
  /** 32-bit xid of the applying transaction, decimal; the shape stream carries it in `txids`. */
  txid: z.string().regex(/^\d+$/),
  /**
   * The row already was as asked, so nothing changed: the stream will carry no
   * change with this txid, and the client drops the mutation at once.
   */
  unchanged: z.literal(true).optional(),
});

export const rejectedResult = z.strictObject({
  mutation_id: z.uuid(),
  status: z.literal('rejected'),
  code: rejectionCode,
  message: z.string(),
  /** The field the rejection is about, when there is one. */
  field: z.string().optional(),
});

export const mutationResult = z.discriminatedUnion('status', [appliedResult, rejectedResult]);
export const mutationResponse = z.strictObject({ results: z.array(mutationResult) });

export type ClientMutation = z.infer<typeof clientMutation>;
export type MutationResult = z.infer<typeof mutationResult>;
export type MutationResponse = z.infer<typeof mutationResponse>;
export type RejectionCode = z.infer<typeof rejectionCode>;

/** Error bodies of every HTTP route: `{ error: { code, message } }` with a stable string code. */
export const httpError = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type HttpError = z.infer<typeof httpError>;
