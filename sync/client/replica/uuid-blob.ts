/**
 * Ids in the replica file: every uuid it stores (the replicated tables' uuid
 * columns in `<table>_synced`, `<table>_local` and staging, search_docs.row_id,
 * link_facts, the outbox and its own_changes, the history cache) is its 16
 * bytes as a BLOB, not 36 characters of text: 68 of 221 MiB at 100k
 * interactions (issue 13). JSON text (outbox changes, cached history entries,
 * spilled catch-ups) keeps uuid text inside it. Callers never see a blob: ids
 * are uuid text in JavaScript everywhere, converted at the file's edges only:
 *
 * - into the file, for column values of replicated rows (staging, server
 *   apply, the overlay): in the SQL statement, `unhex(?, '-')` per uuid column
 *   (C speed; `valuePlaceholder`), on statements that bind values as given
 *   (`rawStmt`): a text column's value is bound as text whatever it holds;
 * - everything else goes through `blobIdStatement`, the statements
 *   `replica.stmt()` and `replica.prepare()` hand out: see there.
 *
 * Order: a blob compares by its bytes (memcmp), and lowercase uuid text sorts
 * as its hex digits do, which are those bytes in order: ORDER BY id and keyset
 * cursors over ids keep their order.
 */
import type Database from 'better-sqlite3';
import type { ColumnSpec } from '../../schema/index.ts';

/** A uuid in canonical text form (8-4-4-4-12 hex digits, either case): the only strings bound as blobs. */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuidText(v: unknown): v is string {
  return typeof v === 'string' && v.length === 36 && UUID_TEXT.test(v);
}

/** The 16 bytes of a uuid in canonical text form. */
export function uuidBlob(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A 16-byte id back as lowercase uuid text (what PostgreSQL and uuidv7() write).
 * By a byte table: 3x faster than a Buffer's toString('hex') for 16 bytes, and
 * every id a query returns comes through here.
 */
export function uuidText(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[b[i]!]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

function isIdBlob(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.byteLength === 16;
}

/**
 * SQL of a uuid blob from the text expression `expr` (a parameter, a column of
 * text ids being converted): NULL stays NULL. `unhex` skips the dashes.
 */
export const uuidBlobSql = (expr: string) => `unhex(${expr}, '-')`;

/**
 * The VALUES placeholder of a column of a replicated row, for the three value
 * writers (snapshot-staging.ts, server-apply.ts, overlay.ts): a uuid column
 * takes its text and stores its blob, converted by SQLite in C (a Buffer per
 * id in JavaScript would cost a first download seconds); others as bound.
 * Their statements come from `rawStmt`, so the values arrive as given.
 */
export function valuePlaceholder(spec: ColumnSpec | undefined): string {
  return spec?.type.kind === 'uuid' ? uuidBlobSql('?') : '?';
}

/** SQL of a uuid blob `expr` as lowercase uuid text (for SQL that must build text from an id; tests). */
export const uuidTextSql = (expr: string) => `CASE WHEN typeof(${expr}) = 'blob' THEN lower(
  substr(hex(${expr}), 1, 8) || '-' || substr(hex(${expr}), 9, 4) || '-' || substr(hex(${expr}), 13, 4) || '-' ||
  substr(hex(${expr}), 17, 4) || '-' || substr(hex(${expr}), 21)) ELSE ${expr} END`;

/** A result value, row (object or array, one level of `expand()` nesting) with 16-byte blobs as uuid text. */
function idsAsText(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return v.byteLength === 16 ? uuidText(v) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (isIdBlob(v[i])) v[i] = uuidText(v[i] as Uint8Array);
    return v;
  }
  const row = v as Record<string, unknown>;
  for (const k in row) {
    const x = row[k];
    if (x !== null && typeof x === 'object') {
      if (isIdBlob(x)) row[k] = uuidText(x);
      else if (!(x instanceof Uint8Array)) idsAsText(x);
    }
  }
  return row;
}

/** A parameter bound as the text it is, even in uuid form (textParam). */
class TextParam {
  constructor(readonly value: string) {}
}

/**
 * Marks a parameter of a `replica.stmt()` statement as text to compare with a
 * text column (a name typed by a user, a CSV cell), so that one which happens
 * to be in uuid form is not bound as an id blob. Only for those statements.
 */
export function textParam(value: string): unknown {
  return new TextParam(value);
}

/** A bound parameter (a value, an array of values or an object of named ones) with uuid text as blobs. */
function idsAsBlobs(p: unknown): unknown {
  if (typeof p === 'string') return isUuidText(p) ? uuidBlob(p) : p;
  if (p === null || typeof p !== 'object' || p instanceof Uint8Array) return p;
  if (p instanceof TextParam) return p.value;
  if (Array.isArray(p)) return p.map(idsAsBlobs);
  const out: Record<string, unknown> = {};
  for (const k in p as Record<string, unknown>)
    out[k] = idsAsBlobs((p as Record<string, unknown>)[k]);
  return out;
}

const BINDING = new Set(['run', 'get', 'all', 'iterate', 'bind']);
const RESULTS = new Set(['get', 'all']);
const CHAINING = new Set(['pluck', 'raw', 'expand', 'safeIntegers']);

/**
 * A statement that speaks uuid text while the file holds blobs:
 * - every 16-byte BLOB in a result row (object, raw array or plucked value) comes
 *   back as lowercase uuid text. Only ids are 16-byte blobs in the file;
 * - every bound **string in canonical uuid form** (UUID_TEXT: 36 characters,
 *   8-4-4-4-12 hex digits) is bound as its 16-byte blob; any other value
 *   (other strings, numbers, NULL, Buffers) as given.
 * Why the second cannot hit a text column: a replicated row's text columns
 * (notes, names...) are written only by the three value writers, which bind
 * through `rawStmt` with the conversion in their SQL (valuePlaceholder); FTS
 * text is written through `rawStmt` too (search-index.ts, search-snippets.ts).
 * What is left bound here is ids, enums, timestamps, numbers, JSON (never a bare
 * uuid), search input made into an FTS5 query (each word quoted: `"..."*`) or a
 * LIKE pattern; a text column compared with user text (a CSV's names) takes its
 * value through `textParam()`, bound as text whatever it looks like.
 * sync/client/replica/uuid-blob.test.ts keeps a note and a name that are uuid text:
 * stored as text, found by search and by a CSV reference by name.
 */
export function blobIdStatement(s: Database.Statement): Database.Statement {
  // One wrapper per method and statement, made on first use (statements are cached and hot).
  const methods = new Map<string, unknown>();
  const proxy: Database.Statement = new Proxy(s, {
    get(target, prop) {
      // The target as receiver: the native getters (source, reader, busy) refuse a proxy as `this`.
      const value = Reflect.get(target, prop) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      let method = methods.get(prop);
      if (!method) methods.set(prop, (method = wrapMethod(target, prop, value as Fn, () => proxy)));
      return method;
    },
  });
  return proxy;
}

type Fn = (...a: unknown[]) => unknown;

function wrapMethod(
  target: Database.Statement,
  prop: string,
  fn: Fn,
  proxy: () => Database.Statement,
): Fn {
  if (CHAINING.has(prop))
    return (...a: unknown[]) => {
      fn.apply(target, a);
      return proxy();
    };
  if (!BINDING.has(prop)) return fn.bind(target);
  return (...a: unknown[]) => {
    const result = fn.apply(target, a.map(idsAsBlobs));
    if (prop === 'bind') return proxy();
    if (prop === 'iterate') return mapIterator(result as IterableIterator<unknown>);
    if (!RESULTS.has(prop)) return result;
    if (prop === 'all') {
      const rows = result as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = idsAsText(rows[i]);
      return rows;
    }
    return idsAsText(result);
  };
}

function* mapIterator(it: IterableIterator<unknown>): IterableIterator<unknown> {
  try {
    for (const row of it) yield idsAsText(row);
  } finally {
    it.return?.();
  }
}
