/**
 * The one place where PostgreSQL column types meet SQLite storage classes.
 *
 *   uuid                                -> 16-byte BLOB (uuid-blob.ts; the columns
 *                                          keep their TEXT declaration: see there)
 *   text, enum, date, timestamptz       -> TEXT
 *   boolean                             -> INTEGER 0/1
 *   integer, bigint                     -> INTEGER
 *   jsonb, text[]                       -> TEXT holding JSON
 *
 * Timestamps are stored in one canonical form, `YYYY-MM-DDTHH:MM:SS.ffffffZ`
 * (UTC, microseconds like PostgreSQL), so that SQLite compares and sorts them
 * as plain strings and `max()` agrees with PostgreSQL's. Whatever arrives
 * (Electric's `2026-01-02 03:04:05.123456+00`, pg's Date objects, a device's
 * `toISOString()`) is normalized on the way in.
 */
import type { ColumnSpec, ColumnType } from '../../schema/index.ts';
import { uuidText } from './uuid-blob.ts';

export type SqlValue = string | number | bigint | null;
export type SqlRow = Record<string, SqlValue>;

export function sqlTypeOf(type: ColumnType): 'TEXT' | 'INTEGER' {
  switch (type.kind) {
    case 'boolean':
    case 'integer':
    case 'bigint':
      return 'INTEGER';
    default:
      return 'TEXT';
  }
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const PG_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00$/;
const UTC_ZONE = /^(Z|[+-]00(:?00)?)$/i;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Canonical UTC text of a timestamp; values it cannot read (e.g. 'infinity') are kept as given. */
export function canonicalTimestamp(value: string | Date): string {
  if (value instanceof Date) {
    return `${value.toISOString().slice(0, 23)}000Z`;
  }
  if (CANONICAL.test(value)) return value;
  // PostgreSQL's own text form in UTC (what a snapshot carries, trailing fraction zeros dropped):
  // rearranged without the general regex below, which was a tenth of a snapshot's staging.
  if (value.charCodeAt(10) === 32 && value.endsWith('+00') && PG_UTC.test(value)) {
    const fraction = value.length > 23 ? value.slice(20, -3).padEnd(6, '0') : '000000';
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction}Z`;
  }
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
  const fraction = frac.padEnd(6, '0').slice(0, 6);
  // UTC already (what Electric, pg and toISOString() send): no date arithmetic, which dominates bulk loads.
  if (UTC_ZONE.test(zone)) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction}Z`;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
    offsetMinutes * 60_000;
  const whole = new Date(utc).toISOString().slice(0, 19);
  return `${whole}.${fraction}Z`;
}

/** 'YYYY-MM-DD'. A Date (pg parses `date` into local midnight) is read in local time, as pg made it. */
export function canonicalDate(value: string | Date): string {
  if (value instanceof Date) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${p(value.getMonth() + 1)}-${p(value.getDate())}`;
  }
  const m = /^\d{4}-\d{2}-\d{2}/.exec(value.trim());
  return m ? m[0] : value;
}

/** Reads a PostgreSQL array literal such as `{a,"b c",NULL}` (one dimension, as text[] columns are). */
export function parsePgTextArray(literal: string): (string | null)[] {
  const body = literal.trim().replace(/^\{/, '').replace(/\}$/, '');
  if (body === '') return [];
  const out: (string | null)[] = [];
  let i = 0;
  while (i < body.length) {
    if (body[i] === '"') {
      let s = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        s += body[i++];
      }
      i++; // closing quote
      out.push(s);
    } else {
      let j = body.indexOf(',', i);
      if (j < 0) j = body.length;
      const raw = body.slice(i, j).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = j;
    }
    if (body[i] === ',') i++;
  }
  return out;
}

function toInteger(v: unknown): number | bigint {
  if (typeof v === 'number') return Math.trunc(v);
  const big = typeof v === 'bigint' ? v : BigInt(String(v).trim());
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big;
}

/** A JavaScript value (from zod-validated input, Electric's parser or pg) as SQLite stores it. */
export function toSqlValue(spec: ColumnSpec, v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  switch (spec.type.kind) {
    case 'boolean':
      if (typeof v === 'string') return ['t', 'true', '1'].includes(v.toLowerCase()) ? 1 : 0;
      return v ? 1 : 0;
    case 'integer':
    case 'bigint':
      return toInteger(v);
    case 'timestamptz':
      return canonicalTimestamp(v instanceof Date ? v : String(v));
    case 'date':
      return canonicalDate(v instanceof Date ? v : String(v));
    case 'jsonb':
      return JSON.stringify(v);
    case 'text[]':
      return JSON.stringify(typeof v === 'string' ? parsePgTextArray(v) : v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

/** A stored value back as the JavaScript value the zod schemas describe. */
export function fromSqlValue(spec: ColumnSpec, v: SqlValue): unknown {
  if (v === null) return null;
  switch (spec.type.kind) {
    case 'boolean':
      return v === 1 || v === 1n;
    case 'jsonb':
    case 'text[]':
      return typeof v === 'string' ? JSON.parse(v) : v;
    case 'bigint':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'uuid':
      // Stored as 16 bytes; statements from replica.stmt() already give text.
      return (v as unknown) instanceof Uint8Array ? uuidText(v as unknown as Uint8Array) : v;
    default:
      return v;
  }
}

export type Converter = (v: unknown) => SqlValue;

/** toSqlValue with the type dispatch done once per column, for bulk paths (a snapshot is millions of values). */
export function converterFor(spec: ColumnSpec): Converter {
  switch (spec.type.kind) {
    case 'uuid':
    case 'text':
    case 'enum':
      return (v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));
    case 'timestamptz':
      return (v) =>
        v === null || v === undefined
          ? null
          : canonicalTimestamp(v instanceof Date ? v : String(v));
    default:
      return (v) => toSqlValue(spec, v);
  }
}
