/**
 * CSV export of organizations, contacts, opportunities and interactions: every
 * field a user can set, plus the record's id and stamps, with the header the
 * import reads back. Records a row refers to are written by name
 * (csv-references.ts); opportunities and interactions carry only the names, as
 * their ids mean nothing in a spreadsheet, while organizations and contacts
 * keep the ids beside the names so an export imports back exactly.
 */
import { stringify } from 'csv-stringify/sync';
import { insertableColumns } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { fromSqlRow } from '../rows.ts';
import type { CsvTable } from './csv-columns.ts';
import { csvExportInput } from '../../ipc/contract/index.ts';

export { csvExportInput };
import { NAME_EXPR, REFERENCES } from './csv-references.ts';

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}

const ORDER: Record<CsvTable, string> = {
  organizations: 't.name COLLATE NOCASE, t.id',
  contacts: 't.last_name COLLATE NOCASE, t.first_name COLLATE NOCASE, t.id',
  opportunities: 't.name COLLATE NOCASE, t.id',
  interactions: 't.interaction_date DESC, t.id',
};

const NAMES_ONLY = new Set<CsvTable>(['opportunities', 'interactions']);

export function exportCsv(ctx: CoreContext, input: unknown): CsvExport {
  const { table, include_deleted } = csvExportInput.parse(input);
  const refs = Object.entries(REFERENCES[table]);
  const idsReplaced = new Set(NAMES_ONLY.has(table) ? refs.map(([, r]) => r.field) : []);
  const fields = insertableColumns(table).filter(
    (c) => c !== 'workspace_id' && c !== 'deleted_at' && !idsReplaced.has(c),
  );
  const columns = [
    ...fields,
    ...refs.map(([name]) => name),
    'created_at',
    'updated_at',
    'deleted_at',
  ];
  const names = refs.map(
    ([name, r]) =>
      `(SELECT ${NAME_EXPR[r.from]} FROM ${r.from} r WHERE r.id = t.${r.field}) AS ${name}`,
  );
  const rows = ctx.replica
    .prepare(
      `SELECT ${['t.*', ...names].join(', ')} FROM ${table} t
       WHERE t.workspace_id = ? ${include_deleted ? '' : 'AND t.deleted_at IS NULL'} ORDER BY ${ORDER[table]}`,
    )
    .all(ctx.workspaceId) as Record<string, string | number | null>[];
  const records = rows.map((raw) => {
    const r = { ...raw, ...fromSqlRow(table, raw) } as Record<string, unknown>;
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
