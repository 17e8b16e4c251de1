/** Names and routes of the record kinds, as the UI talks about them. */
import type { DetailTable, SearchTable } from '../api/types.ts';

export const NOUN: Record<string, { one: string; many: string }> = {
  organizations: { one: 'organization', many: 'organizations' },
  contacts: { one: 'contact', many: 'contacts' },
  products: { one: 'product', many: 'products' },
  opportunities: { one: 'opportunity', many: 'opportunities' },
  opportunity_products: { one: 'product on an opportunity', many: 'products on opportunities' },
  interactions: { one: 'interaction', many: 'interactions' },
};

export function nounOf(table: string): string {
  return NOUN[table]?.one ?? table;
}

/** The page a record opens on (a product link of an opportunity has none of its own). */
export function pathOf(table: SearchTable | DetailTable | string, id: string): string | null {
  if (table === 'opportunity_products') return null;
  return `/${table}/${id}`;
}
