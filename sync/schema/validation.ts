/**
 * zod schemas derived from the table descriptions, so the server's mutation
 * endpoint, the desktop commands and the UI's forms validate the same way the
 * database's checks do (and fail earlier, with field-level messages).
 */
import { z } from 'zod';
import { PG_ENUMS, needsCloseReason } from './enums.ts';
import type { ColumnSpec, ColumnType } from './columns.ts';
import { TABLES, insertableColumns, updatableColumns, type TableName } from './tables.ts';
import { isBlank, isBlankText, unstorableTextReason } from './text-rules.ts';
import { recordDate, recordTimestamp } from './time-rules.ts';

/** Same rules as the CHECK constraints in server-migrations. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/i;
export const PHONE_PATTERN = /^[0-9+()./ x-]{3,40}$/;
/** A wall-clock time of day, HH:MM on a 24-hour clock (a follow-up's optional time). */
export const TIME_OF_DAY_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

// Server-kept stamps are whatever the server wrote; only client-written dates are bounded (time-rules.ts).
const isoTimestamp = z.iso.datetime({ offset: true, error: 'must be an ISO date and time' });
const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

/** Text PostgreSQL can store (no NUL, no lone surrogate): checked first, so it is the reason given. */
const storableText = () =>
  z.string({ error: 'must be text' }).superRefine((v, ctx) => {
    const reason = unstorableTextReason(v);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, abort: true });
  });

/** `row`: a replicated row, any value the database holds; `write`: what a client may send. */
type Purpose = 'row' | 'write';

function valueSchema(type: ColumnType, writer: ColumnSpec['writer'], purpose: Purpose): z.ZodType {
  const clientWritten = writer !== 'server';
  switch (type.kind) {
    case 'uuid':
      return z.uuid({ error: 'must be a UUID' });
    case 'text': {
      let s = storableText();
      if (type.format === 'not-blank') s = s.trim().refine((v) => !isBlankText(v), { error: 'must not be blank' });
      if (type.max) s = s.max(type.max, { error: `must be at most ${type.max} characters` });
      if (type.format === 'email') s = s.regex(EMAIL_PATTERN, { error: 'must be an email address like name@example.com' });
      if (type.format === 'phone') s = s.regex(PHONE_PATTERN, { error: 'must be a phone number (digits, spaces, + ( ) . - x)' });
      if (type.format === 'time-of-day') s = s.regex(TIME_OF_DAY_PATTERN, { error: 'must be a time like 09:30 (24-hour clock)' });
      return s;
    }
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().int();
    case 'bigint':
      return z.union([z.number().int(), z.string().regex(/^-?\d+$/)]);
    case 'timestamptz':
      return clientWritten ? recordTimestamp : isoTimestamp;
    case 'date':
      return clientWritten ? recordDate : isoDate;
    case 'jsonb':
      return z.json();
    case 'text[]':
      return z.array(storableText());
    case 'enum': {
      const all = PG_ENUMS[type.name] as readonly string[];
      if (purpose === 'write' && type.clientValues) {
        const allowed = type.clientValues;
        // Listed by name: "Invalid option" would not say that the other labels are the server's.
        return z.enum(allowed as [string, ...string[]], {
          error: `must be ${allowed.map((v) => `'${v}'`).join(' or ')} (${all.filter((v) => !allowed.includes(v)).join(', ')} is the server's)`,
        });
      }
      return z.enum(all as [string, ...string[]]);
    }
  }
}

/** Blank text in an optional text column means "no value", as an empty form field does. */
const blankToNull = (v: unknown) => (typeof v === 'string' && isBlankText(v) ? null : v);

function columnSchema(spec: ColumnSpec, purpose: Purpose): z.ZodType {
  const v = valueSchema(spec.type, spec.writer, purpose);
  if (!spec.nullable) return v;
  return spec.type.kind === 'text' ? z.preprocess(blankToNull, v.nullable()) : v.nullable();
}

type Shape = Record<string, z.ZodType>;

/**
 * One schema per table and kind, built on first use: building a zod object
 * schema (and its first parse, which compiles it) cost more than the parse
 * itself, and the server validated every pushed mutation with a fresh one
 * (a third of its CPU in a bulk push, issue 13). zod schemas are immutable.
 */
function memoByTable<S>(build: (table: TableName) => S): (table: TableName) => S {
  const made = new Map<TableName, S>();
  return (table) => {
    let s = made.get(table);
    if (s === undefined) made.set(table, (s = build(table)));
    return s;
  };
}

/** A full row as replicated. */
export const rowSchema = memoByTable(buildRowSchema);
/** What a client may send to create a row: writable columns; required unless nullable or defaulted. */
export const insertSchema = memoByTable(buildInsertSchema);
/** What a client may send to change a row: only the changed, updatable columns (at least one). */
export const updateSchema = memoByTable(buildUpdateSchema);

function buildRowSchema(table: TableName) {
  const shape: Shape = {};
  for (const [name, spec] of Object.entries(TABLES[table].columns as Record<string, ColumnSpec>)) {
    shape[name] = columnSchema(spec, 'row');
  }
  return z.strictObject(shape);
}

function buildInsertSchema(table: TableName) {
  const columns = TABLES[table].columns as Record<string, ColumnSpec>;
  const shape: Shape = {};
  for (const name of insertableColumns(table)) {
    const spec = columns[name]!;
    const s = columnSchema(spec, 'write');
    shape[name] = spec.nullable || spec.hasDefault ? s.optional() : s;
  }
  return z.strictObject(shape);
}

function buildUpdateSchema(table: TableName) {
  const columns = TABLES[table].columns as Record<string, ColumnSpec>;
  const shape: Shape = {};
  for (const name of updatableColumns(table)) shape[name] = columnSchema(columns[name]!, 'write').optional();
  return z
    .strictObject(shape)
    .refine((v) => Object.keys(v).length > 0, { error: 'an update must change at least one column' });
}

export interface RowIssue {
  field: string;
  message: string;
}

/**
 * Rules across columns, mirroring the table-level CHECK constraints. Applied to a
 * whole (merged) row, since an update carries only the changed fields.
 */
export function crossFieldIssues(table: TableName, row: Record<string, unknown>): RowIssue[] {
  const issues: RowIssue[] = [];
  const blank = isBlank;
  // A row of a replica built before is_customer existed has no value yet: not an answer either way.
  if (table === 'organizations' && row.is_customer !== undefined && !row.is_principal && !row.is_distributor && !row.is_customer) {
    issues.push({ field: 'is_customer', message: 'an organization is a customer, a principal or a distributor (or several)' });
  }
  if (table === 'contacts' && blank(row.first_name) && blank(row.last_name)) {
    issues.push({ field: 'last_name', message: 'a contact needs a first or last name' });
  }
  if (table === 'interactions') {
    if (!row.follow_up_required && !blank(row.follow_up_date)) {
      issues.push({ field: 'follow_up_date', message: 'a follow-up date needs "follow-up required"' });
    }
    if (!row.follow_up_required && !blank(row.follow_up_done_at)) {
      issues.push({ field: 'follow_up_done_at', message: 'only a required follow-up can be marked done' });
    }
    if (!blank(row.follow_up_time) && blank(row.follow_up_date)) {
      issues.push({ field: 'follow_up_time', message: 'a follow-up time needs a follow-up date' });
    }
    if (blank(row.contact_id) && blank(row.opportunity_id) && blank(row.organization_id)) {
      issues.push({ field: 'contact_id', message: 'an interaction is about a contact, an opportunity or an organization' });
    }
  }
  if (table === 'opportunities' && needsCloseReason(row.stage) && blank(row.close_reason)) {
    issues.push({ field: 'close_reason', message: `a deal closed as ${String(row.stage).replace('Closed - ', '')} needs a reason` });
  }
  if (table === 'opportunities' && !blank(row.distributor_id) && row.distributor_id === row.organization_id) {
    issues.push({ field: 'distributor_id', message: 'the distributor cannot be the customer itself' });
  }
  return issues;
}
