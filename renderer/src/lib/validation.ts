/**
 * Inline form validation with the same zod schemas the core and the server
 * validate with (sync/schema), so a form says what is wrong before saving and
 * says it the same way the core would.
 */
import {
  TABLES,
  blankAsNull,
  crossFieldIssues,
  insertSchema,
  type ColumnSpec,
  type TableName,
} from '../../../sync/schema/index.ts';
import { readableIssue } from './messages.ts';

export type FormTable =
  'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';
export type FormValues = Record<string, unknown>;

function spec(table: FormTable, field: string): ColumnSpec | undefined {
  return (TABLES[table].columns as Record<string, ColumnSpec>)[field];
}

/** An empty text in a nullable column means "no value": sync/schema's rule, the one the core applies. */
export function normalizeValue(table: FormTable, field: string, value: unknown): unknown {
  return blankAsNull(table, field, value);
}

export function normalize(table: FormTable, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(values)) out[k] = normalizeValue(table, k, v);
  return out;
}

const schemas = new Map<TableName, ReturnType<typeof insertSchema>>();
function schemaOf(table: FormTable) {
  let s = schemas.get(table);
  if (!s) {
    s = insertSchema(table);
    schemas.set(table, s);
  }
  return s;
}

/** The message for one field's value, or null when it is fine. */
export function fieldIssue(table: FormTable, field: string, value: unknown): string | null {
  const s = schemaOf(table).shape[field];
  if (!s) return null;
  const v = normalizeValue(table, field, value);
  if (v === undefined && !spec(table, field)?.nullable && !spec(table, field)?.hasDefault)
    return 'is required';
  const r = s.safeParse(v);
  if (r.success) return null;
  const first = r.error.issues[0];
  if (!first) return null;
  // zod's "expected string, received undefined/null" reads badly in a form.
  if (first.code === 'invalid_type' && (v === undefined || v === null)) return 'is required';
  return readableIssue(first.message);
}

/** Every issue of the form's fields and the cross-field rules, keyed by field. */
export function formIssues(
  table: FormTable,
  values: FormValues,
  fields: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const m = fieldIssue(table, f, values[f]);
    if (m) out[f] = m;
  }
  for (const i of crossFieldIssues(table, normalize(table, values))) out[i.field] ??= i.message;
  return out;
}

/** The fields of `values` that differ from `original` (normalized), for an update that carries only changes. */
export function changedFields(
  table: FormTable,
  values: FormValues,
  original: FormValues,
): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(values)) {
    const nv = normalizeValue(table, k, v);
    const ov = original[k] ?? null;
    if (JSON.stringify(nv ?? null) !== JSON.stringify(ov)) out[k] = nv;
  }
  return out;
}
