/**
 * What merging two records keeps: the survivor's own values, and the other's
 * where the survivor has none, for these fields. The desktop core applies it
 * (main/core/commands/merge.ts) and the merge screen predicts it
 * (renderer/src/lib/merge.ts), so both read the one list.
 */
import type { WritableColumn } from './tables.ts';

type MergeLists = {
  organizations: readonly WritableColumn<'organizations'>[];
  contacts: readonly WritableColumn<'contacts'>[];
};

export const MERGE_FILL_FIELDS = {
  organizations: [
    'segment',
    'phone',
    'email',
    'website',
    'address_line',
    'city',
    'region',
    'postal_code',
    'country',
    'account_manager_id',
  ],
  contacts: ['first_name', 'last_name', 'title', 'email', 'phone', 'organization_id'],
} as const satisfies MergeLists;

/**
 * What the merge screen compares, in the order it shows them: every column a
 * person writes (merge-rules.test.ts keeps the list complete, so a new column
 * cannot be merged away unseen).
 */
export const MERGE_FIELDS = {
  organizations: [
    'name',
    ...MERGE_FILL_FIELDS.organizations,
    'is_principal',
    'is_distributor',
    'is_customer',
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
} as const satisfies MergeLists;

/**
 * Fields whose value the user may take from either record when merging. The
 * roles (is_principal, is_distributor, is_key_contact) are not among them: the
 * survivor keeps a role either had, so the other's products and opportunities
 * stay valid.
 */
export const MERGE_CHOICE_FIELDS = {
  organizations: ['name', ...MERGE_FILL_FIELDS.organizations, 'notes'],
  contacts: [...MERGE_FILL_FIELDS.contacts, 'advocacy_status', 'notes'],
} as const satisfies MergeLists;
