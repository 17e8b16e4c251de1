/**
 * What a merge will do, predicted from the two records' pages with the core's
 * rules (commands/merge.ts): a value the user chose per field wins; otherwise
 * the survivor keeps its values and takes the other's where it has none; notes
 * are joined; the other's links move to it.
 */
import {
  MERGE_CHOICE_FIELDS,
  MERGE_FIELDS as SCHEMA_MERGE_FIELDS,
  MERGE_FILL_FIELDS,
} from '../../../sync/schema/index.ts';
import type { RecordDetail } from '../api/types.ts';
import { personName } from './format.ts';

export type MergeTable = 'organizations' | 'contacts';

/** The compared fields come from sync/schema (one list for the core, this screen and its test). */
export const MERGE_FIELDS: Record<MergeTable, readonly string[]> = SCHEMA_MERGE_FIELDS;

const FILLABLE: Record<MergeTable, ReadonlySet<string>> = {
  organizations: new Set(MERGE_FILL_FIELDS.organizations),
  contacts: new Set(MERGE_FILL_FIELDS.contacts),
};

const empty = (v: unknown) => v === null || v === undefined || v === '';

const CHOOSABLE: Record<MergeTable, ReadonlySet<string>> = {
  organizations: new Set(MERGE_CHOICE_FIELDS.organizations),
  contacts: new Set(MERGE_CHOICE_FIELDS.contacts),
};

/** Whether the user may take this field's value from either record (the roles are always kept). */
export function isChoosable(table: MergeTable, field: string): boolean {
  return CHOOSABLE[table].has(field);
}

/** The survivor's value after the merge, and whether it came from the other record. */
export function mergedValue(
  table: MergeTable,
  field: string,
  winner: Record<string, unknown>,
  loser: Record<string, unknown>,
  choice?: 'winner' | 'loser',
): { value: unknown; fromOther: boolean } {
  const w = winner[field];
  const l = loser[field];
  if (choice === 'winner') return { value: w, fromOther: false };
  if (choice === 'loser') return { value: l, fromOther: l !== w };
  if (FILLABLE[table].has(field) && empty(w) && !empty(l)) return { value: l, fromOther: true };
  if (field === 'notes') {
    if (!w && l) return { value: l, fromOther: true };
    if (w && l && w !== l)
      return {
        value: `${String(w)}\n\n(merged from ${labelOf(table, loser)})\n${String(l)}`,
        fromOther: true,
      };
  }
  if (
    (field === 'is_principal' || field === 'is_distributor' || field === 'is_key_contact') &&
    l &&
    !w
  )
    return { value: true, fromOther: true };
  return { value: w, fromOther: false };
}

/** Records that will point at the survivor, by kind (live ones; deleted ones move too). */
export function movingCounts(table: MergeTable, loser: RecordDetail): Record<string, number> {
  const r = loser.related;
  if (table === 'organizations') {
    return {
      contacts: r.contacts?.length ?? 0,
      opportunities: r.opportunities?.length ?? 0,
      products: r.products?.length ?? 0,
      interactions: loser.timeline.length,
    };
  }
  return { opportunities: r.opportunities?.length ?? 0, interactions: loser.timeline.length };
}

export function labelOf(table: MergeTable, record: Record<string, unknown>): string {
  return table === 'contacts' ? personName(record) : String(record.name ?? '');
}

/**
 * Which record survives unless the user says otherwise: the more complete one
 * (more of the compared fields filled in), and between equals the older one,
 * which links and history already point at.
 */
export function defaultSurvivor(
  table: MergeTable,
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): 'a' | 'b' {
  const filled = (r: Record<string, unknown>) =>
    MERGE_FIELDS[table].filter((f) => !empty(r[f])).length;
  const byFill = filled(a) - filled(b);
  if (byFill !== 0) return byFill > 0 ? 'a' : 'b';
  return String(b.created_at ?? '') < String(a.created_at ?? '') ? 'b' : 'a';
}
