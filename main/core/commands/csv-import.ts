/**
 * CSV import of organizations, contacts, opportunities and interactions, with
 * a preview.
 *
 * Columns map to fields by the caller's mapping, or else by header
 * (csv-columns.ts); records a row refers to are given by name (csv-references.ts)
 * and a name that matches no record is an issue on that column, never dropped.
 *
 * Every row goes through the same code as the create commands (zod, cross-field
 * rules, references), so a row the preview accepts is a row the import writes.
 * The preview runs the import in a transaction it rolls back.
 *
 * A row that looks like an existing record (csv-duplicates.ts) is skipped
 * unless the caller says otherwise (`on_duplicate`, or per line in `actions`):
 * `update` writes the row's non-empty cells onto that record, `create` adds it
 * anyway.
 *
 * Modes (the caller chooses; all-or-nothing is the default because a partly
 * imported file is hard to finish by hand):
 * - all_or_nothing: any row with an issue and nothing is written;
 * - valid_rows: the valid rows are written, the others are reported.
 * Either way the write is one transaction.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { PG_ENUMS, TABLES, type ColumnSpec } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { issuesOf, type FieldIssue } from '../errors.ts';
import { contactRules } from './contacts.ts';
import { changeRecord, insertRecord, type TableRules } from './crud.ts';
import { importDuplicateIndex, type ImportDuplicate } from './csv-duplicates.ts';
import { SERVER_KEPT, autoField, importableFields, type CsvTable } from './csv-columns.ts';
import { REFERENCES, resolveReference } from './csv-references.ts';
import { createInputSchema, prepareInput } from './input.ts';
import {
  csvImportInput as contractCsvImportInput,
  type CsvRowAction,
} from '../../ipc/contract/index.ts';
import { interactionRules } from './interactions.ts';
import { opportunityRules } from './opportunities.ts';
import { organizationRules } from './organizations.ts';

export { csvTable, type CsvTable } from './csv-columns.ts';

export type RowAction = CsvRowAction;

/** The contract's input, plus the rule only the core can check: each mapped field is one the table imports. */
export const csvImportInput = contractCsvImportInput.superRefine((v, ctx) => {
  const fields = new Set(importableFields(v.table));
  for (const [header, field] of Object.entries(v.mapping))
    if (field !== '' && !fields.has(field))
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', header],
        message: `"${field}" is not a field of ${v.table} one can import`,
      });
});

export interface ImportRow {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  /** The id the record has (or would have) once imported or updated. */
  id: string | null;
  values: Record<string, unknown>;
  /** The names the row gave for the records it refers to (its values hold their ids). */
  names: Record<string, string>;
  issues: FieldIssue[];
  /** Existing records (or earlier rows of the file) that look like the same one. */
  duplicates: ImportDuplicate[];
  /** What the import does (or did) with the row. */
  action: RowAction;
}

export interface ImportReport {
  table: CsvTable;
  mode: 'all_or_nothing' | 'valid_rows';
  /** Each header of the file and the field it fills (null: not imported). */
  mapping: { header: string; field: string | null }[];
  /** Every field a column may fill, for choosing a mapping. */
  fields: string[];
  /** Columns read, as field names. */
  columns: string[];
  /** Headers that match no field; their values are not imported. */
  unknown_columns: string[];
  rows: ImportRow[];
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  skipped: number;
  /** Records written (0 for a preview, and for all_or_nothing with any invalid row). */
  imported: number;
}

const RULES: Record<CsvTable, TableRules> = {
  organizations: organizationRules,
  contacts: contactRules,
  opportunities: opportunityRules,
  interactions: interactionRules,
};

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f']);

/** A cell as the field's type wants it; anything unreadable is passed on for zod to name. */
function cellValue(spec: ColumnSpec | undefined, raw: string): unknown {
  if (!spec) return raw;
  if (spec.type.kind === 'boolean') {
    const l = raw.toLowerCase();
    return TRUE.has(l) ? true : FALSE.has(l) ? false : raw;
  }
  if (spec.type.kind === 'enum') {
    return PG_ENUMS[spec.type.name].find((v) => v.toLowerCase() === raw.toLowerCase()) ?? raw;
  }
  return raw;
}

class Rollback extends Error {}

type ParsedRecord = { info: { lines: number }; record: Record<string, string> };

function readCsv(
  csv: string,
  fieldOf: (header: string, index: number) => string,
): { records: ParsedRecord[]; headers: string[] } {
  let headers: string[] = [];
  try {
    const records = parse(csv, {
      bom: true,
      columns: (h: string[]) => {
        headers = h;
        return h.map(fieldOf);
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as ParsedRecord[];
    return { records, headers };
  } catch (err) {
    throw new z.ZodError([
      {
        code: 'custom',
        path: ['csv'],
        message: `not readable as CSV: ${(err as Error).message}`,
        input: undefined,
      },
    ]);
  }
}

function run(ctx: CoreContext, input: unknown, preview: boolean): ImportReport {
  const { table, csv, mode, mapping, on_duplicate, actions } = csvImportInput.parse(input);
  const fields = importableFields(table);
  const known = new Set(fields);
  // A column left out gets a key no field has, so it is read and then passed over.
  const fieldOf = (h: string, i: number) =>
    mapping[h] === '' ? `\u0000skip${i}` : (mapping[h] ?? autoField(table, h));
  const { records, headers } = readCsv(csv, fieldOf);
  const mapped = headers.map((h, i) => ({ header: h, field: fieldOf(h, i) }));
  const schema = createInputSchema(table);
  const specs = TABLES[table].columns as Record<string, ColumnSpec>;
  const refs = REFERENCES[table];
  const report: ImportReport = {
    table,
    mode,
    mapping: mapped.map((m) => ({ header: m.header, field: known.has(m.field) ? m.field : null })),
    fields,
    columns: mapped.map((m) => m.field).filter((f) => known.has(f)),
    unknown_columns: mapped
      .filter((m) => !known.has(m.field) && !SERVER_KEPT.has(m.field) && mapping[m.header] !== '')
      .map((m) => m.header),
    rows: [],
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    imported: 0,
  };
  const dupes = importDuplicateIndex(ctx, table);
  try {
    ctx.replica.transaction(() => {
      for (const { info, record } of records) {
        const values: Record<string, unknown> = {};
        const names: Record<string, string> = {};
        const issues: FieldIssue[] = [];
        for (const [k, raw] of Object.entries(record)) {
          if (!known.has(k) || raw === '') continue;
          const ref = refs[k];
          if (ref) {
            names[k] = raw;
            const found = resolveReference(ctx, ref, raw);
            if ('issue' in found) issues.push({ field: k, message: found.issue });
            else if (values[ref.field] === undefined) values[ref.field] = found.id;
          } else {
            values[k] = cellValue(specs[k], raw);
          }
        }
        const duplicates = dupes.check(values);
        const existing = duplicates.find((d) => d.id !== null)?.id ?? null;
        const action = actions[String(info.lines)] ?? (duplicates.length ? on_duplicate : 'create');
        const row: ImportRow = {
          line: info.lines,
          id: null,
          values,
          names,
          issues,
          duplicates,
          action,
        };
        const parsed = schema.safeParse(prepareInput(table, values));
        // A name that found nothing already says why its id is missing.
        const unresolved = new Set(issues.map((i) => refs[i.field]?.field));
        if (!parsed.success)
          issues.push(...issuesOf(parsed.error).filter((i) => !unresolved.has(i.field)));
        if (action === 'update' && !existing)
          issues.push({
            field: 'action',
            message: 'no existing record looks like this row to update',
          });
        if (issues.length === 0 && action !== 'skip') {
          try {
            // A savepoint per row: a row that fails leaves the rows before it in place.
            row.id = ctx.replica.transaction(() => {
              const data = parsed.data as Record<string, unknown>;
              if (action === 'create') return insertRecord(ctx, RULES[table], data).id;
              const { id: _ignored, ...changes } = data;
              return changeRecord(ctx, RULES[table], existing!, changes).id;
            });
          } catch (err) {
            if (!(err instanceof z.ZodError)) throw err;
            issues.push(...issuesOf(err));
          }
        }
        if (action === 'create') dupes.add(values, row.id);
        if (issues.length) report.invalid++;
        else {
          report.valid++;
          report[action === 'create' ? 'created' : action === 'update' ? 'updated' : 'skipped']++;
        }
        report.rows.push(row);
      }
      if (preview || (mode === 'all_or_nothing' && report.invalid > 0)) throw new Rollback();
      report.imported = report.created + report.updated;
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return report;
}

/** What an import would do, row by row; writes nothing. */
export function previewCsvImport(ctx: CoreContext, input: unknown): ImportReport {
  return run(ctx, input, true);
}

/** Imports the file (see the modes above); the report says what was written and why rows were not. */
export function importCsv(ctx: CoreContext, input: unknown): ImportReport {
  return run(ctx, input, false);
}
