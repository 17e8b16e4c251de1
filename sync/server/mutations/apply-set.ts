/**
 * A run of a group's mutations applied as ONE statement: consecutive creates
 * (or updates) of one table sending the same columns become
 *
 *   INSERT INTO t (cols) SELECT cols FROM jsonb_populate_recordset(NULL::t, $rows)
 *   UPDATE t SET col = r.col, ... FROM jsonb_populate_recordset(NULL::t, $rows) r WHERE t.id = r.id
 *
 * inside the savepoint a single mutation would have used, as crm_user under
 * RLS. Why: per mutation, a statement costs a round trip and fires every
 * statement-level trigger of the table once (audit, last_interaction_at,
 * interaction_principals: each a query over its transition table), which was
 * most of a push's time; one statement for 64 rows fires each once.
 *
 * What a single mutation would get is kept exactly:
 * - the same validation first (zod, cross-field rules on the row as it will be,
 *   client times): the run stops before the first mutation that fails one, and
 *   the per-mutation path (apply-mutation.ts) rejects it with its reason;
 * - the statement failing (a constraint, a policy, a value PostgreSQL refuses),
 *   or an update reaching fewer rows than sent (not found, not allowed): the
 *   caller rolls back to the savepoint and applies the run one mutation at a
 *   time, so only the mutation at fault is rejected, with its own reason.
 * Not taken here (always per mutation): deletes and restores (rare), the
 * opportunities (a stage move dates itself by its own crm.client_time
 * setting), jsonb columns (a parameter and a JSON document type them apart).
 */
import type pg from 'pg';
import type { ClientMutation } from '../../schema/mutations.ts';
import { TABLES, columnsOf, type TableName } from '../../schema/tables.ts';
import type { ColumnSpec } from '../../schema/columns.ts';
import { crossFieldIssues, insertSchema, updateSchema } from '../../schema/validation.ts';
import type { Outcome } from './apply-mutation.ts';
import { takeClientTime } from './client-time.ts';

/** A mutation validated for a set statement: its table, op, and the columns and values it writes. */
export interface SetItem {
  m: ClientMutation;
  table: TableName;
  op: 'insert' | 'update';
  /** Insert: the whole row (with id and workspace_id); update: only the sent columns. */
  values: Record<string, unknown>;
  /** table, op and sorted columns: items of a run share it. */
  key: string;
}

/** A run shorter than this goes one mutation at a time: one statement either way. */
export const MIN_RUN = 2;

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

const isJsonb = (table: TableName, col: string) =>
  (TABLES[table].columns as Record<string, ColumnSpec>)[col]?.type.kind === 'jsonb';

/**
 * The mutation as a set item, or undefined when it is not one: another op or
 * table (file comment), or it fails a check that needs no row, which the
 * per-mutation path then answers with the reason.
 */
export async function setItemOf(
  client: pg.ClientBase,
  workspaceId: string,
  m: ClientMutation,
): Promise<SetItem | undefined> {
  const table = m.table as TableName;
  if (m.op !== 'insert' && m.op !== 'update') return undefined;
  if (!TABLES[table]?.clientMutations || table === 'opportunities') return undefined;
  const changes: Record<string, unknown> = { ...(m.changes ?? {}) };
  let values: Record<string, unknown>;
  if (m.op === 'insert') {
    if (changes.id !== undefined && changes.id !== m.row_id) return undefined;
    if (changes.workspace_id !== undefined && changes.workspace_id !== workspaceId)
      return undefined;
    const parsed = insertSchema(table).safeParse({
      ...changes,
      id: m.row_id,
      workspace_id: workspaceId,
    });
    if (!parsed.success) return undefined;
    values = parsed.data as Record<string, unknown>;
    if (crossFieldIssues(table, values).length > 0) return undefined;
  } else {
    const parsed = updateSchema(table).safeParse(changes);
    if (!parsed.success) return undefined;
    values = parsed.data as Record<string, unknown>;
    if ('id' in values) return undefined;
  }
  // Only opportunities (excluded above) make this touch the database.
  if (await takeClientTime(client, table, m, values)) return undefined;
  const cols = Object.keys(values).sort();
  if (cols.some((c) => isJsonb(table, c))) return undefined;
  return { m, table, op: m.op, values, key: `${table}\u0000${m.op}\u0000${cols.join(',')}` };
}

/** Rows as jsonb_populate_recordset takes them; an update's row carries its id to join on. */
const recordset = (items: SetItem[]) =>
  JSON.stringify(
    items.map((it) => (it.op === 'update' ? { ...it.values, id: it.m.row_id } : it.values)),
  );

/**
 * Applies `items` (one run: same key, distinct row ids, at least MIN_RUN) in the
 * caller's open savepoint as crm_user. Answers the outcomes of a prefix of the
 * run (all of it unless an update's merged row breaks a cross-field rule or its
 * row is not there: the caller goes on from there one mutation at a time), or
 * `fallback` when the statement did not do what each mutation asked: the
 * caller rolls back to the savepoint and applies the run one at a time.
 * PostgreSQL errors are thrown: the caller decides which mean `fallback`.
 */
export async function applySet(
  client: pg.ClientBase,
  workspaceId: string,
  items: SetItem[],
): Promise<Outcome[] | 'fallback'> {
  const { table, op } = items[0]!;
  const cols = Object.keys(items[0]!.values).sort();
  if (op === 'insert') {
    const list = cols.map(q).join(', ');
    const { rowCount } = await client.query(
      `INSERT INTO public.${q(table)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::public.${q(table)}, $1::jsonb)`,
      [recordset(items)],
    );
    return rowCount === items.length
      ? items.map(() => ({ status: 'applied', changed: true }))
      : 'fallback';
  }

  // Cross-field rules hold for the row as it will be: one read for the run, as crm_user.
  const columns = columnsOf(table);
  const { rows: current } = await client.query<Record<string, unknown>>(
    `SELECT ${columns.map(q).join(', ')} FROM public.${q(table)} WHERE id = ANY($1::uuid[]) AND workspace_id = $2`,
    [items.map((it) => it.m.row_id), workspaceId],
  );
  const byId = new Map(current.map((r) => [String(r.id), r]));
  let upTo = items.findIndex((it) => {
    const row = byId.get(it.m.row_id);
    return !row || crossFieldIssues(table, { ...row, ...it.values }).length > 0;
  });
  if (upTo === -1) upTo = items.length;
  const run = items.slice(0, upTo);
  if (run.length === 0) return [];
  const { rows } = await client.query<{ id: string; changed: boolean }>(
    `UPDATE public.${q(table)} AS t SET ${cols.map((c) => `${q(c)} = r.${q(c)}`).join(', ')}
     FROM jsonb_populate_recordset(NULL::public.${q(table)}, $1::jsonb) AS r
     WHERE t.id = r.id AND t.workspace_id = $2
     RETURNING t.id::text AS id, t.updated_at = now() AS changed`,
    [recordset(run), workspaceId],
  );
  // A row it could see but not change (a policy): that mutation's answer needs the single path.
  if (rows.length !== run.length) return 'fallback';
  const changed = new Map(rows.map((r) => [r.id, r.changed]));
  return run.map((it) => ({ status: 'applied', changed: changed.get(it.m.row_id) ?? true }));
}
