/**
 * Tokens of the where-clause subset (see where-parser.ts), and the error type both use.
 *
 * Locations are reported as Electric reports them: the 0-based index in
 * `SELECT 1 WHERE <where>` (Electric parses that wrapper), so messages match its tests.
 */
import { readQuoted } from './sql-text.ts';

const LOCATION_BASE = 'SELECT 1 WHERE '.length;

export class WhereSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`At location ${LOCATION_BASE + at}: ${message}`);
    this.name = 'WhereSyntaxError';
  }
}

export type Token =
  | { t: 'ident'; v: string; quoted: boolean; at: number; raw: string }
  | { t: 'string'; v: string; at: number; raw: string }
  | { t: 'number'; v: string; at: number; raw: string }
  | { t: 'param'; v: number; at: number; raw: string }
  | { t: 'op'; v: string; at: number; raw: string }
  | { t: 'end'; at: number; raw: string };

export const SUPPORTED =
  'supported: AND, OR, NOT, =, <>, <, >, <=, >=, IS [NOT] NULL, [NOT] IN (...), literals, $n parameters, column names, parentheses';

/** Words that are valid SQL but outside our subset: named in the error instead of "syntax error". */
export const UNSUPPORTED_WORDS = new Set([
  'like',
  'ilike',
  'similar',
  'between',
  'any',
  'all',
  'some',
  'exists',
  'select',
  'case',
  'when',
  'distinct',
  'cast',
  'collate',
  'overlaps',
  'array',
  'interval',
  'at',
]);

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === "'" || c === '"') {
      const q = readQuoted(src, i);
      const what = c === "'" ? 'quoted string' : 'quoted identifier';
      if (!q) throw new WhereSyntaxError(`unterminated ${what}`, at);
      i = q.end;
      const raw = src.slice(at, i);
      if (c === "'") {
        out.push({ t: 'string', v: q.value, at, raw });
        continue;
      }
      if (q.value === '') throw new WhereSyntaxError('zero-length delimited identifier', at);
      out.push({ t: 'ident', v: q.value, quoted: true, at, raw });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(src[i]!)) i++;
      const raw = src.slice(at, i);
      out.push({ t: 'ident', v: raw.toLowerCase(), quoted: false, at, raw });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      i += m[0].length;
      if (/[A-Za-z_]/.test(src[i] ?? ''))
        throw new WhereSyntaxError(
          `trailing junk after numeric literal at or near "${src.slice(at, i + 1)}"`,
          at,
        );
      out.push({ t: 'number', v: m[0], at, raw: m[0] });
    } else if (c === '$') {
      const m = /^\$(\d+)/.exec(src.slice(i));
      if (!m) throw new WhereSyntaxError(`syntax error at or near "$"`, at);
      i += m[0].length;
      out.push({ t: 'param', v: Number(m[1]), at, raw: m[0] });
    } else {
      const two = src.slice(i, i + 2);
      if (two === '<>' || two === '!=' || two === '<=' || two === '>=') {
        out.push({ t: 'op', v: two === '!=' ? '<>' : two, at, raw: two });
        i += 2;
      } else if (two === '::') {
        throw new WhereSyntaxError(
          `type casts (::) are not supported in where clauses (${SUPPORTED})`,
          at,
        );
      } else if ('=<>(),-'.includes(c)) {
        out.push({ t: 'op', v: c, at, raw: c });
        i++;
      } else if ('+*/%^|&~!@#'.includes(c)) {
        throw new WhereSyntaxError(
          `operator "${c}" is not supported in where clauses (${SUPPORTED})`,
          at,
        );
      } else {
        throw new WhereSyntaxError(`syntax error at or near "${c}"`, at);
      }
    }
  }
  out.push({ t: 'end', at: src.length, raw: '' });
  return out;
}
