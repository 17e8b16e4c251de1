/**
 * Keyset paging for every list: ORDER BY the sort expressions and the id, and
 * the next page starts after the last row's values (an opaque cursor), never
 * at an OFFSET: PERF-NOTES measured page 100 at 0.13 ms by keyset vs 7.4 ms by
 * OFFSET, and keyset pages do not skip or repeat rows when rows are added.
 * Nullable sort columns are wrapped in coalesce() by the list specs, because a
 * row-value comparison with NULL is never true.
 */
import { z } from 'zod';
import type { TableName } from '../../../sync/schema/index.ts';
import { q } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { fromSqlRow, type Row } from '../rows.ts';

export { pageInput } from '../../ipc/contract/index.ts';

export interface Page<T = Row> {
  rows: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

/** A label shown with each row, looked up after the page is read (one query per label, not a join per row). */
export interface LabelSpec {
  column: string;
  table: TableName;
  expr: string;
  as: string;
}

export interface PageQuery {
  table: TableName;
  /** SQL conditions over alias `t`, with `@name` parameters from `params`. */
  where: string[];
  params: Record<string, unknown>;
  /** Sort expressions over alias `t`; `t.id` is added as the last tie-breaker. */
  sort: string[];
  dir: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  labels?: LabelSpec[];
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === length) return v;
  } catch {
    // fall through
  }
  throw new z.ZodError([
    { code: 'custom', path: ['cursor'], message: 'is not a cursor of this list', input: cursor },
  ]);
}

export function readPage(ctx: CoreContext, p: PageQuery): Page {
  const keys = [...p.sort, 't.id'];
  const where = [...p.where];
  const params: Record<string, unknown> = { ...p.params };
  if (p.cursor) {
    const values = decodeCursor(p.cursor, keys.length);
    values.forEach((v, i) => (params[`k${i}`] = v));
    where.push(
      `(${keys.join(', ')}) ${p.dir === 'asc' ? '>' : '<'} (${keys.map((_, i) => `@k${i}`).join(', ')})`,
    );
  }
  const keyCols = keys.map((k, i) => `${k} AS _k${i}`).join(', ');
  const sql = `SELECT t.*, ${keyCols} FROM ${q(p.table)} t
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${keys.map((k) => `${k} ${p.dir.toUpperCase()}`).join(', ')}
    LIMIT ${p.limit + 1}`;
  const raw = ctx.replica.stmt(sql).all(params) as Record<string, string | number | null>[];
  const more = raw.length > p.limit;
  const page = raw.slice(0, p.limit);
  const last = page.at(-1);
  const next = more && last ? encodeCursor(keys.map((_, i) => last[`_k${i}`])) : null;
  const rows = page.map((r) => {
    for (let i = 0; i < keys.length; i++) delete r[`_k${i}`];
    return fromSqlRow(p.table, r);
  });
  for (const label of p.labels ?? []) attachLabel(ctx, rows, label);
  return { rows, next_cursor: next };
}

export function attachLabel(ctx: CoreContext, rows: Row[], l: LabelSpec): void {
  const ids = [
    ...new Set(rows.map((r) => r[l.column]).filter((v): v is string => typeof v === 'string')),
  ];
  const names = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = ctx.replica
      .prepare(
        `SELECT id, ${l.expr} AS label FROM ${q(l.table)} WHERE id IN (${chunk.map(() => '?').join(', ')})`,
      )
      .all(...chunk) as { id: string; label: unknown }[];
    for (const f of found) names.set(f.id, f.label);
  }
  for (const r of rows)
    r[l.as] = typeof r[l.column] === 'string' ? (names.get(r[l.column] as string) ?? null) : null;
}

/** The condition limiting `t` to records whose search document matches `@fts`. */
export function searchCondition(table: TableName): string {
  return `t.id IN (SELECT d.row_id FROM search_fts f JOIN search_docs d ON d.doc = f.rowid
                   WHERE search_fts MATCH @fts AND d.table_name = '${table}')`; // @fts names the kind too (toFtsQuery)
}
