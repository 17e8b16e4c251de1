/**
 * Turns what PostgreSQL refused into the rejection a client can act on:
 * privilege or RLS (42501) -> forbidden; unique violation -> conflict; check,
 * foreign key, not-null and bad values -> invalid, with the column when it can
 * be told from the constraint; any other data error (SQLSTATE class 22 or 23)
 * -> invalid with PostgreSQL's reason. Anything else is not the client's fault
 * and is left to propagate (the batch answers 5xx and the outbox retries later).
 */
import type pg from 'pg';
import { columnsOf, type TableName } from '../../schema/tables.ts';
import type { RejectionCode } from '../../schema/mutations.ts';
import type { PgError } from '../database/as-user.ts';

export interface Rejection {
  code: RejectionCode;
  message: string;
  field?: string;
}

/** Transient: the same mutation may succeed when run again. */
export function isRetryable(err: PgError): boolean {
  return err.code === '40001' || err.code === '40P01';
}

/** Class 22 (data exception) or 23 (integrity constraint violation): the values sent are at fault. */
export function isDataError(err: PgError): boolean {
  return err.code.startsWith('22') || err.code.startsWith('23');
}

/** The column a constraint named `<table>_<column>_<rule>` is about; the longest column name that fits wins. */
export function fieldOfConstraint(table: TableName, constraint: string | undefined): string | undefined {
  if (!constraint || !constraint.startsWith(`${table}_`)) return undefined;
  const rest = constraint.slice(table.length + 1);
  const candidates = columnsOf(table)
    .flatMap((c) => [{ c, stem: c }, ...(c.endsWith('_id') ? [{ c, stem: c.slice(0, -3) }] : [])])
    .filter(({ stem }) => rest === stem || rest.startsWith(`${stem}_`))
    .sort((a, b) => b.stem.length - a.stem.length);
  return candidates[0]?.c;
}

const constraintCache = new Map<string, string[]>();

/**
 * The columns of a constraint of a public table, minus the tenant column. Read
 * from the catalog because under RLS PostgreSQL leaves the key out of the
 * error's detail. Needs a usable transaction (after ROLLBACK TO SAVEPOINT).
 */
export async function constraintColumns(client: pg.ClientBase, constraint: string | undefined): Promise<string[]> {
  if (!constraint) return [];
  let cols = constraintCache.get(constraint);
  if (!cols) {
    const { rows } = await client.query<{ cols: string[] | null }>(
      `SELECT array_agg(a.attname::text ORDER BY k.i) AS cols
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, i)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
       WHERE c.conname = $1 AND c.connamespace = 'public'::regnamespace`,
      [constraint],
    );
    cols = rows[0]?.cols ?? [];
    constraintCache.set(constraint, cols);
  }
  return cols.filter((c) => c !== 'workspace_id');
}

/** `columns`: those of the violated constraint (constraintColumns), for unique and foreign-key violations. */
export function rejectionFromPgError(table: TableName, err: PgError, columns: string[] = []): Rejection | undefined {
  const withField = (code: RejectionCode, message: string, field: string | undefined): Rejection =>
    field ? { code, message, field } : { code, message };
  const last = columns[columns.length - 1];
  switch (err.code) {
    case '42501':
      return { code: 'forbidden', message: `not allowed: ${err.message} (your role in this workspace cannot make this change)` };
    case '23505':
      if (err.constraint === `${table}_pkey`) return { code: 'conflict', message: 'a row with this id already exists', field: 'id' };
      return withField('conflict', `already exists: ${columns.length ? `another row has the same ${columns.join(' and ')}` : err.message}`, last);
    case '23503':
      return withField('invalid', `${last ?? 'a reference'} refers to a row that does not exist in this workspace`, last);
    case '23514':
      return withField('invalid', err.message, fieldOfConstraint(table, err.constraint));
    case '23502':
      return withField('invalid', `${err.column ?? 'a column'} must not be empty`, err.column);
    default:
      // Values PostgreSQL could not take (bad dates, numbers out of range, bad characters), other constraints.
      if (isDataError(err)) return withField('invalid', err.message, fieldOfConstraint(table, err.constraint));
      return undefined;
  }
}
