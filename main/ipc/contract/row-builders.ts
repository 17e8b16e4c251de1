/**
 * Generic builders for the rows channels hand out, so `z.infer` gives the UI
 * real row types. A row lists its columns once, with their types; the
 * builder checks at load time that they are exactly sync/schema's columns for
 * that table, so a column added there and forgotten here fails every test
 * that loads the contract instead of vanishing from the UI.
 *
 * Values are checked for type, not for the write rules (length, format): a
 * row on its way out is what the replica holds, and the write rules already
 * ran when it came in.
 */
import { z } from 'zod';
import { columnsOf, type TableName } from '../../../sync/schema/index.ts';

/** Column value types as queries hand them out (sync/client's fromSqlValue). */
export const col = {
  id: z.string(),
  text: z.string(),
  bool: z.boolean(),
  int: z.number().int(),
  /** PostgreSQL bigint: a number, or a decimal string when larger than 2^53. */
  bigint: z.union([z.number().int(), z.string()]),
  timestamp: z.string(),
  date: z.string(),
  json: z.json(),
  texts: z.array(z.string()),
} as const;

export function nullable<T extends z.ZodType>(t: T) {
  return t.nullable();
}

/** The row of a replicated table, its columns checked against sync/schema. */
export function tableRow<S extends z.ZodRawShape>(table: TableName, shape: S) {
  const expected = [...columnsOf(table)].sort();
  const listed = Object.keys(shape).sort();
  if (expected.join() !== listed.join()) {
    throw new Error(
      `the channel contract's ${table} row lists [${listed.join(', ')}] but sync/schema has [${expected.join(', ')}]`,
    );
  }
  return z.strictObject(shape);
}

/** A label a query adds beside a row (the organization name of a contact, ...); null when unknown. */
export const label = z.string().nullable().optional();

/**
 * A row read from a merged view: its table's columns, `_pending` (a local
 * change the server has not confirmed) and the labels the query adds.
 */
export function viewRow<S extends z.ZodRawShape, L extends Record<string, typeof label>>(
  row: z.ZodObject<S>,
  labels: L,
) {
  return row.extend({ _pending: z.boolean().optional(), ...labels });
}

/** One keyset page: pass `next_cursor` back as `cursor`; null on the last page. */
export function page<R extends z.ZodType>(row: R) {
  return z.strictObject({ rows: z.array(row), next_cursor: z.string().nullable() });
}
