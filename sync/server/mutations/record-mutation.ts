/**
 * The mutation log as the idempotency record (0008, 0010): looking up what a
 * group of mutations already got, and recording results, one at a time or a
 * whole group in one statement. Both run as the login role: only it may call
 * crm.mutation_lookup / crm.mutation_record.
 *
 * What is recorded is made storable first (mutation-payload.ts), so the record
 * of a rejection always fits; a value that still cannot be stored (a created_at
 * past zod, which the route checks) fails the statement with a data error,
 * which apply-group.ts turns into that mutation's rejection.
 */
import type pg from 'pg';
import {
  mutationResponse,
  type ClientMutation,
  type MutationResult,
} from '../../schema/mutations.ts';
import type { Session } from '../auth/sessions.ts';
import type { Outcome } from './apply-mutation.ts';
import { storableText, type MutationPayload } from './mutation-payload.ts';

export interface StoredRow {
  status: string;
  txid: string | null;
  code: string | null;
  message: string | null;
  field: string | null;
  unchanged: boolean;
  payload_hash: string | null;
}

/** A stored result as the answer it was (the log keeps the storable form of message and field). */
export const storedResult = (r: StoredRow, id: string): MutationResult =>
  mutationResponse.shape.results.element.parse(
    r.status === 'applied'
      ? {
          mutation_id: id,
          status: 'applied',
          txid: r.txid,
          ...(r.unchanged ? { unchanged: true } : {}),
        }
      : {
          mutation_id: id,
          status: 'rejected',
          code: r.code,
          message: r.message ?? '',
          ...(r.field ? { field: r.field } : {}),
        },
  );

/** The stored results of these mutation ids of the device, by mutation id: one round trip for a group. */
export async function lookupMany(
  client: pg.ClientBase,
  deviceId: string,
  mutationIds: string[],
): Promise<Map<string, StoredRow>> {
  const { rows } = await client.query<StoredRow & { mutation_id: string }>(
    `SELECT m.id::text AS mutation_id, l.* FROM unnest($2::uuid[]) AS m(id) CROSS JOIN LATERAL crm.mutation_lookup($1, m.id) AS l`,
    [deviceId, mutationIds],
  );
  return new Map(rows.map((r) => [r.mutation_id, r]));
}

/** One result to record: the mutation, what became of it, and the client's created_at (null when it could not be stored). */
export interface LogEntry {
  m: ClientMutation;
  payload: MutationPayload;
  outcome: Outcome;
  txid: string | null;
  createdAt: string | null;
}

function logColumns(e: LogEntry) {
  const r = e.outcome.status === 'rejected' ? e.outcome : undefined;
  return {
    mutation_id: e.m.mutation_id,
    table: e.m.table,
    op: e.m.op,
    row_id: e.m.row_id,
    changes: e.payload.storable,
    status: e.outcome.status,
    txid: e.txid,
    code: r?.code ?? null,
    message: storableText(r?.message),
    field: storableText(r?.field),
    created_at: e.createdAt,
    unchanged: e.outcome.status === 'applied' && !e.outcome.changed,
    hash: e.payload.hash,
  };
}

export async function recordOne(
  client: pg.ClientBase,
  session: Session,
  e: LogEntry,
): Promise<void> {
  const c = logColumns(e);
  await client.query(
    'SELECT crm.mutation_record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)',
    [
      session.deviceId,
      c.mutation_id,
      session.workspaceId,
      session.userId,
      c.table,
      c.op,
      c.row_id,
      c.changes,
      c.status,
      c.txid,
      c.code,
      c.message,
      c.field,
      c.created_at,
      c.unchanged,
      c.hash,
    ],
  );
}

/** Records a group's results in one statement (one round trip instead of one per mutation). */
export async function recordMany(
  client: pg.ClientBase,
  session: Session,
  entries: LogEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const cols = entries.map(logColumns);
  const column = <K extends keyof ReturnType<typeof logColumns>>(k: K) => cols.map((c) => c[k]);
  await client.query(
    `SELECT crm.mutation_record($1, r.mutation_id, $2, $3, r.table_name, r.op, r.row_id, r.changes::jsonb, r.status, r.txid,
                                r.code, r.message, r.field, r.created_at::timestamptz, r.unchanged, r.payload_hash)
     FROM unnest($4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[],
                 $12::text[], $13::text[], $14::text[], $15::boolean[], $16::text[])
       AS r(mutation_id, table_name, op, row_id, changes, status, txid, code, message, field, created_at, unchanged, payload_hash)`,
    [
      session.deviceId,
      session.workspaceId,
      session.userId,
      column('mutation_id'),
      column('table'),
      column('op'),
      column('row_id'),
      column('changes'),
      column('status'),
      column('txid'),
      column('code'),
      column('message'),
      column('field'),
      column('created_at'),
      column('unchanged'),
      column('hash'),
    ],
  );
}
