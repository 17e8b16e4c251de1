/** Which record a reference column points to, so a history can name it instead of showing its id. */
import type { DetailTable } from '../api/types.ts';

export const REFERENCE_TABLE: Readonly<Record<string, DetailTable>> = {
  contact_id: 'contacts',
  primary_contact_id: 'contacts',
  organization_id: 'organizations',
  distributor_id: 'organizations',
  principal_id: 'organizations',
  opportunity_id: 'opportunities',
  product_id: 'products',
};

/** Columns that hold a workspace member's user id: named by the member list (users have no record page). */
export const MEMBER_FIELDS: ReadonlySet<string> = new Set(['owner_id', 'account_manager_id', 'follow_up_assignee_id']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The table and id a field's value names, or null when it is not a record reference. */
export function referenceOf(
  field: string,
  value: unknown,
): { table: DetailTable; id: string } | null {
  const table = REFERENCE_TABLE[field];
  return table && typeof value === 'string' && UUID.test(value) ? { table, id: value } : null;
}

/** The user id a member column's value holds, or null for any other field or value. */
export function memberOf(field: string, value: unknown): string | null {
  return MEMBER_FIELDS.has(field) && typeof value === 'string' && UUID.test(value) ? value : null;
}
