/**
 * What the mutation log keeps of a mutation's payload, and its fingerprint.
 *
 * `storable`: the changes as JSON PostgreSQL's jsonb always takes, whatever a
 * client sent: NUL and lone surrogates (which jsonb refuses) are written as
 * the visible text `\u0000` / `\ud800`, and nesting deeper than MAX_DEPTH is
 * cut (deep JSON would exhaust PostgreSQL's stack). Only values no valid
 * mutation carries are ever altered, and such mutations are always rejected.
 *
 * `hash`: sha256 over (table, op, row_id, changes) in a canonical form (keys
 * sorted), so a reused mutation_id with any other table, op, row or change is
 * told apart from a replay. created_at is left out: it is informational.
 */
import { createHash } from 'node:crypto';
import type { ClientMutation } from '../../schema/mutations.ts';

/** Far beyond any column value (text[] is the deepest: 2). */
const MAX_DEPTH = 16;

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const visible = (s: string) => s.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const same = (s: string) => s;

/** A JSON-ready copy with sorted keys, bounded depth and every string passed through `text`. */
function canonical(value: unknown, depth: number, text: (s: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => canonical(v, depth + 1, text));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    // defineProperty: a "__proto__" key stays a plain key of the copy.
    Object.defineProperty(out, text(key), {
      value: canonical((value as Record<string, unknown>)[key], depth + 1, text), enumerable: true, writable: true, configurable: true,
    });
  }
  return out;
}

export interface MutationPayload {
  /** JSON text for the log's jsonb column, or null when the mutation has no changes. */
  storable: string | null;
  /** Hex sha256 fingerprint of table, op, row and changes. */
  hash: string;
}

export function mutationPayload(m: Pick<ClientMutation, 'table' | 'op' | 'row_id' | 'changes'>): MutationPayload {
  if (m.changes === undefined) {
    return { storable: null, hash: createHash('sha256').update(JSON.stringify([m.table, m.op, m.row_id, null])).digest('hex') };
  }
  // The fingerprint keeps NUL and surrogates as JSON escapes, so they never match the visible text that stands for them.
  const exact = JSON.stringify([m.table, m.op, m.row_id, canonical(m.changes, 0, same)]);
  return {
    storable: JSON.stringify(canonical(m.changes, 0, visible)),
    hash: createHash('sha256').update(exact).digest('hex'),
  };
}

/** Text for a log column (message, field): PostgreSQL's text refuses NUL, and a lone surrogate has no UTF-8 form. */
export function storableText(s: string | null | undefined): string | null {
  return s == null ? null : visible(s);
}
