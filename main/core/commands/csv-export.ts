/**
 * CSV export of organizations and contacts: every field a user can set, plus
 * the record's id and stamps, with the header the import reads back (contacts
 * also carry organization_name, for people reading the file).
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { insertableColumns } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { fromSqlRow } from '../rows.ts';
import { csvTable } from './csv-import.ts';

export const csvExportInput = z.strictObject({
  table: csvTable,
  include_deleted: z.boolean().default(false),
});

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}

export function exportCsv(ctx: CoreContext, input: unknown): CsvExport {
  const { table, include_deleted } = csvExportInput.parse(input);
  const fields = insertableColumns(table).filter((c) => c !== 'workspace_id' && c !== 'deleted_at');
  const columns = [
    ...fields,
    ...(table === 'contacts' ? ['organization_name'] : []),
    'created_at',
    'updated_at',
    'deleted_at',
  ];
  const select =
    table === 'contacts'
      ? `SELECT t.*, (SELECT o.name FROM organizations o WHERE o.id = t.organization_id) AS organization_name FROM contacts t`
      : `SELECT t.* FROM organizations t`;
  const order =
    table === 'contacts'
      ? 't.last_name COLLATE NOCASE, t.first_name COLLATE NOCASE, t.id'
      : 't.name COLLATE NOCASE, t.id';
  const rows = ctx.replica.db
    .prepare(
      `${select} WHERE t.workspace_id = ? ${include_deleted ? '' : 'AND t.deleted_at IS NULL'} ORDER BY ${order}`,
    )
    .all(ctx.workspaceId) as Record<string, string | number | null>[];
  const records = rows.map((raw) => {
    const r = fromSqlRow(table, raw);
    return columns.map((c) => {
      const v = r[c];
      return v === null || v === undefined
        ? ''
        : typeof v === 'boolean'
          ? String(v)
          : (v as string | number);
    });
  });
  const day = ctx.replica.nowIso().slice(0, 10);
  return {
    filename: `${table}-${day}.csv`,
    csv: stringify([columns, ...records]),
    rows: records.length,
  };
}
