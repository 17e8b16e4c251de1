/**
 * Reading stored rows in tests: the replica keeps timestamps as integer microseconds
 * (replica/sql-types.ts); shown here as the canonical text the rows were sent with.
 */
import type { TableName } from '../../schema/index.ts';
import { columnSpecs } from '../replica/ddl.ts';
import { timestampText, type SqlRow } from '../replica/sql-types.ts';

/** A stored row with its timestamp columns as canonical text (other values as stored). */
export function withTextTimestamps<R extends SqlRow | undefined>(table: TableName, row: R): R {
  if (!row) return row;
  const specs = columnSpecs(table);
  const out: SqlRow = { ...row };
  for (const [k, v] of Object.entries(out))
    if (specs[k]?.type.kind === 'timestamptz' && v !== null) out[k] = timestampText(v);
  return out as R;
}
