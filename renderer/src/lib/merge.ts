/**
 * What a merge will do, predicted from the two records' pages with the core's
 * rules (commands/merge.ts): the survivor keeps its values and takes the
 * other's where it has none; notes are joined; the other's links move to it.
 */
import { MERGE_FILL_FIELDS } from '../../../sync/schema/index.ts';
import type { RecordDetail } from '../api/types.ts';
import { personName } from './format.ts';

export type MergeTable = 'organizations' | 'contacts';

export const MERGE_FIELDS: Record<MergeTable, string[]> = {
  organizations: [
    'name',
    'segment',
    'phone',
    'email',
    'website',
    'address_line',
    'city',
    'region',
    'postal_code',
    'country',
    'is_principal',
    'is_distributor',
    'notes',
  ],
  contacts: [
    'first_name',
    'last_name',
    'organization_id',
    'title',
    'email',
    'phone',
    'advocacy_status',
    'is_key_contact',
    'notes',
  ],
};

const FILLABLE: Record<MergeTable, ReadonlySet<string>> = {
  organizations: new Set(MERGE_FILL_FIELDS.organizations),
  contacts: new Set(MERGE_FILL_FIELDS.contacts),
};

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** The survivor's value after the merge, and whether it came from the other record. */
export function mergedValue(
  table: MergeTable,
  field: string,
  winner: Record<string, unknown>,
  loser: Record<string, unknown>,
): { value: unknown; fromOther: boolean } {
  const w = winner[field];
  const l = loser[field];
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
