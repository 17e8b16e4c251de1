/**
 * One client mutation as SQL, run inside a savepoint that has already taken
 * on the signed-in user (crm_user + crm.user_id), so RLS and column grants
 * decide. Validation first (sync/schema's insertSchema/updateSchema and
 * crossFieldIssues), then the statement:
 *   insert  -> INSERT of the sent fields, id = row_id, workspace_id = the session's
 *   update  -> UPDATE of only the sent fields (concurrent edits of other fields survive)
 *   delete  -> deleted_at = now() (kept if already deleted)
 *   restore -> deleted_at = NULL
 * Opportunities' stage moves are dated by the client's time and interaction
 * dates checked against the server's clock first (client-time.ts).
 * Column names come only from the validated schema keys and are quoted anyway;
 * every value is a bound parameter.
 */
import type pg from 'pg';
import type { ClientMutation } from '../../schema/mutations.ts';
import { TABLES, columnsOf, type TableName } from '../../schema/tables.ts';
import { crossFieldIssues, insertSchema, updateSchema } from '../../schema/validation.ts';
import { describeZodError } from '../http/problem.ts';
import { takeClientTime } from './client-time.ts';
import type { Rejection } from './pg-rejection.ts';

/** `changed` false: the row already was as asked (stamp_row kept updated_at), so no change reaches the stream. */
export type Outcome = { status: 'applied'; changed: boolean } | ({ status: 'rejected' } & Rejection);

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

function rejected(code: Rejection['code'], message: string, field?: string): Outcome {
  return field ? { status: 'rejected', code, message, field } : { status: 'rejected', code, message };
}

/**
 * stamp_row (0002) moves updated_at to now() (the transaction's start) only
 * when a client column really changed, so updated_at = now() after the
 * statement means "this row changed in this transaction": by this mutation, or
 * by an earlier one of its group, whose change the stream carries under the
 * same txid. Either way the txid arrives. A no-op UPDATE still writes a tuple,
 * but the shape engine sends no message for it, so its txid would never arrive.
 */
const CHANGED = 'RETURNING updated_at = now() AS changed';

/** "organizations" -> "organization", for messages a person reads. */
const RECORD_NOUN: Partial<Record<TableName, string>> = {
  organizations: 'organization',
  contacts: 'contact',
  products: 'product',
  opportunities: 'opportunity',
  opportunity_products: 'opportunity product',
  interactions: 'interaction',
};
const noun = (table: TableName) => RECORD_NOUN[table] ?? `${table} row`;

/** Zero rows changed: tells "you may not" (the row is visible) from "no such row" (it is not, for this user). */
async function missOrForbidden(client: pg.ClientBase, table: TableName, rowId: string, workspaceId: string, op: string): Promise<Outcome> {
  const { rowCount } = await client.query(`SELECT 1 FROM public.${q(table)} WHERE id = $1 AND workspace_id = $2`, [rowId, workspaceId]);
  return rowCount
    ? rejected('forbidden', `your role in this workspace cannot ${op} this ${noun(table)}`)
    : rejected('not_found', `no ${noun(table)} ${rowId} in this workspace`);
}

export async function runMutation(
  client: pg.ClientBase,
  workspaceId: string,
  m: ClientMutation,
): Promise<Outcome> {
  const table = m.table as TableName;
  if (!TABLES[table].clientMutations) return rejected('invalid', `${table} is not written through mutations`, 'table');
  const changes: Record<string, unknown> = { ...(m.changes ?? {}) };

  if (m.op === 'insert') {
    // id and workspace_id come from row_id and the session; a client may repeat them, never contradict them.
    if (changes.id !== undefined && changes.id !== m.row_id) return rejected('invalid', 'id must equal row_id (or be left out)', 'id');
    if (changes.workspace_id !== undefined && changes.workspace_id !== workspaceId) {
      return rejected('invalid', 'workspace_id comes from the signed-in session; leave it out', 'workspace_id');
    }
    const parsed = insertSchema(table).safeParse({ ...changes, id: m.row_id, workspace_id: workspaceId });
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      return rejected('invalid', message, field);
    }
    const row = parsed.data as Record<string, unknown>;
    const issue = crossFieldIssues(table, row)[0];
    if (issue) return rejected('invalid', issue.message, issue.field);
    const refusedTime = await takeClientTime(client, table, m, row);
    if (refusedTime) return rejected(refusedTime.code, refusedTime.message, refusedTime.field);
    const cols = Object.keys(row);
    await client.query(
      `INSERT INTO public.${q(table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => row[c]),
    );
    return { status: 'applied', changed: true };
  }

  if (m.op === 'update') {
    const parsed = updateSchema(table).safeParse(changes);
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      return rejected('invalid', message, field);
    }
    const set = parsed.data as Record<string, unknown>;
    const columns = columnsOf(table);
    const current = await client.query(
      `SELECT ${columns.map(q).join(', ')} FROM public.${q(table)} WHERE id = $1 AND workspace_id = $2`,
      [m.row_id, workspaceId],
    );
    if (!current.rows[0]) return rejected('not_found', `no ${noun(table)} ${m.row_id} in this workspace`);
    // Cross-field rules hold for the row as it will be, not for the sent fields alone.
    const issue = crossFieldIssues(table, { ...current.rows[0], ...set })[0];
    if (issue) return rejected('invalid', issue.message, issue.field);
    const refusedTime = await takeClientTime(client, table, m, set);
    if (refusedTime) return rejected(refusedTime.code, refusedTime.message, refusedTime.field);
    const cols = Object.keys(set);
    const { rows } = await client.query<{ changed: boolean }>(
      `UPDATE public.${q(table)} SET ${cols.map((c, i) => `${q(c)} = $${i + 3}`).join(', ')} WHERE id = $1 AND workspace_id = $2 ${CHANGED}`,
      [m.row_id, workspaceId, ...cols.map((c) => set[c])],
    );
    return rows[0] ? { status: 'applied', changed: rows[0].changed } : missOrForbidden(client, table, m.row_id, workspaceId, 'change');
  }

  // delete / restore: soft, and nothing else changes with them.
  if (Object.keys(changes).length > 0) return rejected('invalid', `${m.op} carries no changes; send them as an update`, 'changes');
  const value = m.op === 'delete' ? 'coalesce(deleted_at, now())' : 'NULL';
  const { rows } = await client.query<{ changed: boolean }>(
    `UPDATE public.${q(table)} SET deleted_at = ${value} WHERE id = $1 AND workspace_id = $2 ${CHANGED}`,
    [m.row_id, workspaceId],
  );
  return rows[0] ? { status: 'applied', changed: rows[0].changed } : missOrForbidden(client, table, m.row_id, workspaceId, m.op);
}
