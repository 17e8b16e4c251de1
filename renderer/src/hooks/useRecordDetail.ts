/** A record's page data (records.detail), typed for the table, re-read when anything it shows changes. */
import type { BaseRow, DetailTable, RecordDetail } from '../api/types.ts';
import { useQuery, type QueryState } from './useQuery.ts';

export function useRecordDetail<R extends BaseRow>(
  table: DetailTable,
  id: string,
): QueryState<RecordDetail<R>> {
  return useQuery('records.detail', {
    table,
    id,
    timeline_limit: 100,
  }) as unknown as QueryState<RecordDetail<R>>; // the contract says: one of the record rows; the caller names which
}
