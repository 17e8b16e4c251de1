/**
 * The display name of a referenced record the page's query does not label
 * (an opportunity's primary contact and distributor): one small detail read.
 */
import type { DetailTable } from '../api/types.ts';
import { personName } from '../lib/format.ts';
import { useQuery } from './useQuery.ts';

export function useRecordLabel(table: DetailTable, id: string | null | undefined): string | null {
  const q = useQuery(
    'records.detail',
    { table, id: id ?? '', timeline_limit: 0 },
    { enabled: Boolean(id) },
  );
  const r = q.data?.record as Record<string, unknown> | undefined;
  if (!id || !r) return null;
  return table === 'contacts' ? personName(r) : String(r.name ?? '');
}
