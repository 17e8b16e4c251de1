/**
 * Input schemas of the create and update commands, derived from sync/schema so
 * a command accepts exactly what the server's mutation endpoint would, keyed by
 * column name. Exported for the channel table (main/ipc) to reuse as-is.
 */
import { z } from 'zod';
import {
  TABLES,
  insertSchema,
  isBlankText,
  rowSchema,
  updatableColumns,
  type ColumnSpec,
} from '../../../sync/schema/index.ts';
import { canonicalTimestamp, type MutableTableName } from '../../../sync/client/replica/index.ts';

/** Columns a create or update command never takes: the tenant, and soft delete (own commands). */
const NOT_IN_FORMS = new Set(['workspace_id', 'deleted_at', 'id']);

export function createInputSchema(table: MutableTableName) {
  const shape: Record<string, z.ZodType> = { id: z.uuid({ error: 'must be a UUID' }).optional() };
  for (const [k, s] of Object.entries(insertSchema(table).shape))
    if (!NOT_IN_FORMS.has(k)) shape[k] = s as z.ZodType;
  return z.strictObject(shape);
}

export function updateInputSchema(table: MutableTableName) {
  const row = rowSchema(table).shape as Record<string, z.ZodType>;
  const shape: Record<string, z.ZodType> = { id: z.uuid({ error: 'must be a UUID' }) };
  for (const c of updatableColumns(table)) if (!NOT_IN_FORMS.has(c)) shape[c] = row[c]!.optional();
  return z.strictObject(shape).refine((v) => Object.keys(v).length > 1, {
    error: 'an update must change at least one field',
    path: ['id'],
  });
}

export const idInput = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) });

/**
 * What forms send, made what the schema means: blank text in a nullable
 * column (whitespace or zero-width characters only, sync/schema's rule) is
 * "no value" (null), so clearing a field is not an invalid email.
 */
export function prepareInput(table: MutableTableName, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const specs = TABLES[table].columns as Record<string, ColumnSpec>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    out[k] = specs[k]?.nullable && typeof v === 'string' && isBlankText(v) ? null : v;
  }
  return out;
}

/** Values as the replica stores and compares them (canonical timestamps), undefined dropped. */
export function normalizeValues(
  table: MutableTableName,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const specs = TABLES[table].columns as Record<string, ColumnSpec>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    out[k] =
      specs[k]?.type.kind === 'timestamptz' && typeof v === 'string' ? canonicalTimestamp(v) : v;
  }
  return out;
}
