/**
 * The one place where PostgreSQL column types meet SQLite storage classes.
 *
 *   uuid                                -> 16-byte BLOB (uuid-blob.ts; the columns
 *                                          keep their TEXT declaration: see there)
 *   text, enum, date                    -> TEXT
 *   timestamptz                         -> INTEGER microseconds since 1970 UTC
 *   boolean                             -> INTEGER 0/1
 *   integer, bigint                     -> INTEGER
 *   jsonb, text[]                       -> TEXT holding JSON
 *
 * Timestamps have one canonical text, `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC,
 * microseconds like PostgreSQL): what callers see and send. Whatever arrives
 * (Electric's `2026-01-02 03:04:05.123456+00`, pg's Date objects, a device's
 * `toISOString()`) is normalized to it. The replica stores the same instant as
 * an integer of microseconds (8 bytes instead of 27, issue 13: the file size),
 * which sorts and compares as the text did, so ORDER BY, max() and keyset
 * cursors keep their meaning. SQLite sorts every INTEGER before every TEXT, so
 * a timestamp column must only ever meet stored values in SQL: parameters go
 * through storedTimestamp, and values read out under another name than their
 * column (max(...) AS last_at) through timestampText (README.md, "Timestamps").
 */
import type { ColumnSpec, ColumnType } from '../../schema/index.ts';
import { uuidText } from './uuid-blob.ts';

export type SqlValue = string | number | bigint | null;
export type SqlRow = Record<string, SqlValue>;

export function sqlTypeOf(type: ColumnType): 'TEXT' | 'INTEGER' {
  switch (type.kind) {
    case 'timestamptz':
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

const DIGIT_0 = 48;

/** The number of `n` ASCII digits at `i`, or NaN when one is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = s.charCodeAt(k) - DIGIT_0;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date object. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Microseconds of `YYYY-MM-DD?HH:MM:SS` at 0 plus a fraction of 0-6 digits from 20 to `end`
 * (the canonical text and PostgreSQL's UTC text share these positions), or NaN.
 */
function microsAt(s: string, end: number): number {
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return NaN;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return NaN;
  let frac = 0;
  if (end > 19) {
    if (s.charCodeAt(19) !== 46 || end - 20 > 6) return NaN;
    frac = digits(s, 20, end - 20) * 10 ** (6 - (end - 20));
  }
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000_000 + sec * 1_000_000 + frac;
}

/**
 * A timestamp as the replica stores it: microseconds since 1970-01-01 UTC. A value it cannot
 * read (e.g. PostgreSQL's 'infinity') or outside 1684-2255, where microseconds stop being exact
 * JavaScript numbers, is kept as its canonical text: SQLite sorts it after every integer (right
 * for the far future, wrong for the far past; a CRM holds neither).
 */
export function storedTimestamp(value: string | Date): number | string {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isSafeInteger(ms * 1000) ? ms * 1000 : canonicalTimestamp(value);
  }
  let micros = NaN;
  // The two forms a sync carries, read in place: the canonical text, and PostgreSQL's own
  // UTC text (a snapshot's; trailing fraction zeros dropped). Like canonicalTimestamp's fast
  // path, and for the same reason: a snapshot is millions of values.
  if (value.length === 27 && value.charCodeAt(10) === 84 && value.charCodeAt(26) === 90) {
    micros = microsAt(value, 26);
  } else if (
    value.charCodeAt(10) === 32 &&
    value.charCodeAt(value.length - 3) === 43 &&
    value.endsWith('+00')
  ) {
    micros = microsAt(value, value.length - 3);
  }
  if (Number.isNaN(micros)) {
    const text = canonicalTimestamp(value);
    if (!CANONICAL.test(text)) return text;
    micros = microsAt(text, 26);
    if (Number.isNaN(micros)) return text;
  }
  return Number.isSafeInteger(micros) ? micros : canonicalTimestamp(value);
}

/**
 * What a nullable timestamp sort key takes for NULL (coalesce), below every stored timestamp as
 * '' was below every text one: a row-value comparison with NULL is never true (keyset paging).
 */
export const NO_TIMESTAMP = Number.MIN_SAFE_INTEGER;

/**
 * storedTimestamp of a value from outside; a safe integer is taken as stored microseconds
 * already: a row read back from the replica and written again (tests' stand-in servers do).
 */
function timestampToStore(v: unknown): number | string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return storedTimestamp(v instanceof Date ? v : String(v));
}

/** A stored timestamp (storedTimestamp) as its canonical text; text (a kept value) as it is. */
export function timestampText(v: number | bigint | string): string {
  if (typeof v === 'string') return v;
  const micros = Number(v);
  const days = Math.floor(micros / 86_400_000_000);
  let rest = micros - days * 86_400_000_000;
  const h = Math.floor(rest / 3_600_000_000);
  rest -= h * 3_600_000_000;
  const mi = Math.floor(rest / 60_000_000);
  rest -= mi * 60_000_000;
  const sec = Math.floor(rest / 1_000_000);
  const frac = rest - sec * 1_000_000;
  // Written out rather than through Date#toISOString: every timestamp a list or an export
  // hands out passes here (a Date and its string cost 4x this).
  return `${civilDate(days)}T${TWO[h]}:${TWO[mi]}:${TWO[sec]}.${String(frac).padStart(6, '0')}Z`;
}

const TWO = Array.from({ length: 61 }, (_, i) => String(i).padStart(2, '0'));

/** 'YYYY-MM-DD' of a day count from 1970-01-01 (H. Hinnant's civil_from_days), years 0-9999. */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${TWO[m]}-${TWO[d]}`;
}

/** timestampText for a value read from SQL: NULL stays null. */
export function timestampTextOrNull(v: SqlValue | undefined): string | null {
  return v === null || v === undefined ? null : timestampText(v);
}

/**
 * SQL for the UTC day ('YYYY-MM-DD') of a stored timestamp expression, as substr(text, 1, 10)
 * gave it when timestamps were text (a kept text value still gives its first 10 characters).
 */
export const timestampDaySql = (expr: string) =>
  `CASE WHEN typeof(${expr}) = 'integer' THEN date(${expr} / 1000000 - (${expr} % 1000000 < 0), 'unixepoch') ELSE substr(${expr}, 1, 10) END`;

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
      return timestampToStore(v);
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
    case 'timestamptz':
      return timestampText(v);
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
      return (v) => (v === null || v === undefined ? null : timestampToStore(v));
    default:
      return (v) => toSqlValue(spec, v);
  }
}
