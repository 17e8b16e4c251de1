/**
 * What commands do with their input before the rules run. The input schemas
 * themselves are the channel contract's (main/ipc/contract), defined once.
 */
import { TABLES, blankAsNull, type ColumnSpec } from '../../../sync/schema/index.ts';
import { canonicalTimestamp, type MutableTableName } from '../../../sync/client/replica/index.ts';

export { createInputSchema, idInput, updateInputSchema } from '../../ipc/contract/index.ts';

/**
 * What forms send, made what the schema means: blank text in a nullable
 * column (whitespace or zero-width characters only, sync/schema's rule) is
 * "no value" (null), so clearing a field is not an invalid email.
 */
export function prepareInput(table: MutableTableName, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = blankAsNull(table, k, v);
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
