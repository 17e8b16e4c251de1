/**
 * Rows as callers see them: the replica stores booleans as 0/1 and JSON as
 * text; queries and commands hand out the JavaScript values the zod row
 * schemas of sync/schema describe, plus `_pending` (a local change not yet on
 * the server) where the row came from a merged view.
 */
import type { TableName } from '../../sync/schema/index.ts';
import { columnSpecs, fromSqlValue, type SqlRow } from '../../sync/client/replica/index.ts';

export type Row = Record<string, unknown>;

export function fromSqlRow(table: TableName, row: SqlRow): Row {
  const specs = columnSpecs(table);
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    const spec = specs[k];
    if (spec) out[k] = fromSqlValue(spec, v);
    else if (k === '_pending') out[k] = v === 1;
    else out[k] = v;
  }
  return out;
}
