/**
 * Comparison of PostgreSQL text-format values in Node, per comparison class (catalog.ts),
 * so a where clause gives the same answer on a replicated row as PostgreSQL gives in the
 * snapshot query. Both sides are always in PostgreSQL's own output format (row values come
 * from the walsender, constants were cast by PostgreSQL once when the shape was created),
 * which is what makes text-level comparison sound.
 *
 * Known limits (also listed in index.ts): text ordering is by code
 * point, i.e. the C collation; dates/timestamps BC or beyond year 9999 order wrongly.
 */
import type { CompareClass } from './catalog.ts';

export type Comparator = (a: string, b: string) => number;

/** Exact comparison of decimal strings as int2/4/8, oid and numeric print them. */
export function compareDecimal(a: string, b: string): number {
  const sa = special(a);
  const sb = special(b);
  if (sa !== null || sb !== null) {
    // Finite values rank 0, between -Infinity and +Infinity.
    const ra = sa ?? 0;
    const rb = sb ?? 0;
    return ra === rb ? 0 : ra < rb ? -1 : 1;
  }
  const na = a.startsWith('-');
  const nb = b.startsWith('-');
  const ma = splitDecimal(na ? a.slice(1) : a);
  const mb = splitDecimal(nb ? b.slice(1) : b);
  const zeroA = ma.int === '' && ma.frac === '';
  const zeroB = mb.int === '' && mb.frac === '';
  const signA = zeroA ? 0 : na ? -1 : 1;
  const signB = zeroB ? 0 : nb ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let c: number;
  if (ma.int.length !== mb.int.length) c = ma.int.length < mb.int.length ? -1 : 1;
  else if (ma.int !== mb.int) c = ma.int < mb.int ? -1 : 1;
  else c = ma.frac === mb.frac ? 0 : ma.frac < mb.frac ? -1 : 1;
  return signA < 0 ? -c : c;
}

/** NaN sorts above +Infinity in PostgreSQL's numeric; -Infinity below everything. */
function special(v: string): number | null {
  if (v === 'NaN') return 3;
  if (v === 'Infinity') return 2;
  if (v === '-Infinity') return -2;
  return null;
}

function splitDecimal(v: string): { int: string; frac: string } {
  const dot = v.indexOf('.');
  const int = (dot < 0 ? v : v.slice(0, dot)).replace(/^0+/, '');
  const frac = dot < 0 ? '' : v.slice(dot + 1).replace(/0+$/, '');
  return { int, frac };
}

/** float4/float8: PostgreSQL treats NaN as equal to itself and larger than any number. */
export function compareFloat(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  if (nx || ny) return nx && ny ? 0 : nx ? 1 : -1;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** By code point, which is the byte order of UTF-8 and so PostgreSQL's C collation. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** ISO dates and timestamps in UTC order as text, except PostgreSQL's infinities. */
function compareOrdered(a: string, b: string): number {
  const ia = a === 'infinity' ? 1 : a === '-infinity' ? -1 : 0;
  const ib = b === 'infinity' ? 1 : b === '-infinity' ? -1 : 0;
  if (ia !== 0 || ib !== 0) return ia === ib ? 0 : ia < ib ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

const trimPad = (v: string) => v.replace(/ +$/, '');

export function comparatorFor(cls: CompareClass): Comparator {
  switch (cls) {
    case 'decimal':
      return compareDecimal;
    case 'float':
      return compareFloat;
    case 'bool':
      return (a, b) => (a === b ? 0 : a === 'f' ? -1 : 1);
    case 'text':
      return compareCodePoints;
    case 'bpchar':
      // character(n) ignores trailing spaces when comparing.
      return (a, b) => compareCodePoints(trimPad(a), trimPad(b));
    case 'ordered':
      return compareOrdered;
    case 'equality':
      // Only = and <> reach this class (the planner refuses ordering operators).
      return (a, b) => (a === b ? 0 : 1);
  }
}

/** Class used when two columns are compared; null when PostgreSQL's rules are not ours to mimic. */
export function commonClass(
  a: CompareClass,
  b: CompareClass,
  sameType: boolean,
): CompareClass | null {
  if (
    a === b &&
    (sameType || a === 'decimal' || a === 'float' || a === 'text' || a === 'bpchar' || a === 'bool')
  )
    return a;
  if ((a === 'decimal' && b === 'float') || (a === 'float' && b === 'decimal')) return 'float';
  if ((a === 'text' && b === 'bpchar') || (a === 'bpchar' && b === 'text')) return 'bpchar';
  return null;
}
