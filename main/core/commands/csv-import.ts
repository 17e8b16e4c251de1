/**
 * CSV import of organizations and contacts, with a preview.
 *
 * Headers are column names (`name`, `is_principal`, `email`, ...) or common
 * spellings of them ("Company", "E-mail", "Zip"); contacts may name their
 * organization by `organization_name`. Columns the server keeps (created_at,
 * ...) are ignored, as an export writes them; other unknown columns are
 * reported and ignored.
 *
 * Every row goes through the same code as the create commands (zod, cross-field
 * rules, references), so a row the preview accepts is a row the import writes.
 * The preview runs the import in a transaction it rolls back.
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
import { insertRecord } from './crud.ts';
import { createInputSchema, prepareInput } from './input.ts';
import { organizationRules } from './organizations.ts';
import { importDuplicateIndex, type ImportDuplicate } from './csv-duplicates.ts';

export const csvTable = z.enum(['organizations', 'contacts']);
export type CsvTable = z.infer<typeof csvTable>;

export const csvImportInput = z.strictObject({
  table: csvTable,
  csv: z
    .string()
    .min(1, { error: 'the file is empty' })
    .max(50_000_000, { error: 'the file is larger than 50 MB' }),
  mode: z.enum(['all_or_nothing', 'valid_rows']).default('all_or_nothing'),
});

export interface ImportRow {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  /** The id the record has (or would have) once imported. */
  id: string | null;
  values: Record<string, unknown>;
  issues: FieldIssue[];
  /** Existing records (or earlier rows of the file) that look like the same one. */
  duplicates: ImportDuplicate[];
}

export interface ImportReport {
  table: CsvTable;
  mode: 'all_or_nothing' | 'valid_rows';
  /** Columns read, as field names. */
  columns: string[];
  /** Headers that match no field; their values are not imported. */
  unknown_columns: string[];
  rows: ImportRow[];
  valid: number;
  invalid: number;
  /** Records written (0 for a preview, and for all_or_nothing with any invalid row). */
  imported: number;
}

const SERVER_KEPT = new Set([
  'workspace_id',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'deleted_at',
  'last_interaction_at',
  '_pending',
]);

const ALIASES: Record<CsvTable, Record<string, string>> = {
  organizations: {
    organization: 'name',
    organization_name: 'name',
    company: 'name',
    company_name: 'name',
    account: 'name',
    principal: 'is_principal',
    distributor: 'is_distributor',
    address: 'address_line',
    street: 'address_line',
    state: 'region',
    province: 'region',
    zip: 'postal_code',
    zip_code: 'postal_code',
    postcode: 'postal_code',
    e_mail: 'email',
    web: 'website',
    url: 'website',
    telephone: 'phone',
  },
  contacts: {
    first: 'first_name',
    firstname: 'first_name',
    given_name: 'first_name',
    last: 'last_name',
    lastname: 'last_name',
    surname: 'last_name',
    organization: 'organization_name',
    company: 'organization_name',
    e_mail: 'email',
    key_contact: 'is_key_contact',
    advocacy: 'advocacy_status',
    job_title: 'title',
    telephone: 'phone',
  },
};

function fieldOf(table: CsvTable, header: string): string {
  const h = header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return ALIASES[table][h] ?? h;
}

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

function organizationByName(ctx: CoreContext, name: string): { id?: string; issue?: string } {
  const hits = ctx.replica
    .stmt(
      'SELECT id FROM organizations WHERE workspace_id = ? AND deleted_at IS NULL AND name = ? COLLATE NOCASE LIMIT 2',
    )
    .all(ctx.workspaceId, name.trim()) as { id: string }[];
  if (hits.length === 1) return { id: hits[0]!.id };
  return {
    issue:
      hits.length === 0
        ? `no organization named "${name}"`
        : `several organizations are named "${name}"; use organization_id`,
  };
}

class Rollback extends Error {}

function run(ctx: CoreContext, input: unknown, preview: boolean): ImportReport {
  const { table, csv, mode } = csvImportInput.parse(input);
  let records: { info: { lines: number }; record: Record<string, string> }[];
  let headers: string[] = [];
  try {
    records = parse(csv, {
      bom: true,
      columns: (h: string[]) => (headers = h.map((x) => fieldOf(table, x))),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
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
  const schema = createInputSchema(table);
  const known = new Set([
    ...Object.keys(schema.shape),
    ...(table === 'contacts' ? ['organization_name'] : []),
  ]);
  const unknown = headers.filter((h) => !known.has(h) && !SERVER_KEPT.has(h));
  const specs = TABLES[table].columns as Record<string, ColumnSpec>;
  const rules = table === 'organizations' ? organizationRules : contactRules;
  const report: ImportReport = {
    table,
    mode,
    columns: headers.filter((h) => known.has(h)),
    unknown_columns: unknown,
    rows: [],
    valid: 0,
    invalid: 0,
    imported: 0,
  };
  const dupes = importDuplicateIndex(ctx, table);
  try {
    ctx.replica.transaction(() => {
      for (const { info, record } of records) {
        const values: Record<string, unknown> = {};
        const issues: FieldIssue[] = [];
        for (const [k, raw] of Object.entries(record)) {
          if (!known.has(k) || raw === '') continue;
          if (k === 'organization_name') {
            const found = organizationByName(ctx, raw);
            if (found.id && values.organization_id === undefined) values.organization_id = found.id;
            if (found.issue) issues.push({ field: 'organization_name', message: found.issue });
          } else {
            values[k] = cellValue(specs[k], raw);
          }
        }
        const row: ImportRow = {
          line: info.lines,
          id: null,
          values,
          issues,
          duplicates: dupes.check(values),
        };
        const parsed = schema.safeParse(prepareInput(table, values));
        if (!parsed.success) issues.push(...issuesOf(parsed.error));
        if (issues.length === 0) {
          try {
            // A savepoint per row: a row that fails leaves the rows before it in place.
            row.id = ctx.replica.transaction(
              () => insertRecord(ctx, rules, parsed.data as Record<string, unknown>).id,
            );
          } catch (err) {
            if (!(err instanceof z.ZodError)) throw err;
            issues.push(...issuesOf(err));
          }
        }
        dupes.add(values, row.id);
        if (issues.length) report.invalid++;
        else report.valid++;
        report.rows.push(row);
      }
      if (preview || (mode === 'all_or_nothing' && report.invalid > 0)) throw new Rollback();
      report.imported = report.valid;
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
