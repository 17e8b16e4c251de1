/**
 * Which tables each query reads (from app.info's query_tables), and whether a
 * `changed` event concerns a query. Until app.info has answered, every change
 * concerns every query: re-running too often is safe, missing a change is not.
 */
let queryTables: Record<string, string[]> | null = null;

export function setQueryTables(tables: Record<string, string[]>): void {
  queryTables = tables;
}

export function concerns(query: string, changed: readonly string[]): boolean {
  if (changed.includes('*')) return true;
  const reads = queryTables?.[query];
  if (!reads) return true;
  if (reads.includes('*')) return true;
  return changed.some((t) => reads.includes(t));
}
