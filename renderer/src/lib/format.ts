/** Dates and names as a rep reads them. Timestamps are ISO strings; dates are YYYY-MM-DD. */

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = value.length === 10 ? parseLocalDate(value) : new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateFmt.format(d);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeFmt.format(d);
}

/** "3 days ago", "yesterday", "in 2 days"; dates (YYYY-MM-DD) by calendar day. */
export function formatRelative(value: string | null | undefined, now = new Date()): string {
  if (!value) return 'never';
  if (value.length === 10) {
    const days = Math.round(
      (parseLocalDate(value).getTime() - startOfDay(now).getTime()) / 86_400_000,
    );
    return relFmt.format(days, 'day');
  }
  const d = new Date(value);
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return 'just now';
  if (abs < 3600) return relFmt.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relFmt.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 30) return relFmt.format(Math.round(seconds / 86_400), 'day');
  if (abs < 86_400 * 365) return relFmt.format(Math.round(seconds / (86_400 * 30)), 'month');
  return relFmt.format(Math.round(seconds / (86_400 * 365)), 'year');
}

export function daysSince(value: string | null | undefined, now = new Date()): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : Math.max(0, (now.getTime() - t) / 86_400_000);
}

function parseLocalDate(value: string): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1);
}

function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** The local calendar date, `days` from today, as YYYY-MM-DD. */
export function localDate(days = 0, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The next Monday (or the Monday after, when today is Monday). */
export function nextMonday(from = new Date()): string {
  const day = from.getDay();
  const delta = (8 - day) % 7 || 7;
  return localDate(delta, from);
}

export function personName(r: { first_name?: string | null; last_name?: string | null }): string {
  return [r.first_name, r.last_name].filter(Boolean).join(' ') || '(no name)';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** A field name as a label: `address_line` -> `Address line`. */
export function humanize(field: string): string {
  const s = field.replace(/_id$/, '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value from a row or an audit entry, shown in a table cell. */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v))
    return `record …${v.slice(-6)}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
