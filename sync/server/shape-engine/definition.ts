/**
 * The two inputs of every shape request, validated with zod:
 *  - the shape definition (what to sync: table, where + params, columns, replica, log);
 *  - the protocol params (where the client is: offset, handle, live, cursor).
 * The HTTP listener builds both from the query string; the product's auth proxy builds the
 * definition itself and passes only the client's protocol params.
 */
import { z } from 'zod';
import { parseOffset, type LogOffset } from './offsets.ts';
import { readQuoted } from './sql-text.ts';

/** Invalid input: answered as 400 `{"message":"Invalid request","errors":{<field>:[<msg>]}}`. */
export class InvalidRequestError extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super(
      Object.entries(errors)
        .map(([k, v]) => `${k}: ${v.join('; ')}`)
        .join(', '),
    );
    this.name = 'InvalidRequestError';
  }
  static of(field: string, message: string): InvalidRequestError {
    return new InvalidRequestError({ [field]: [message] });
  }
}

/**
 * A shape definition as the proxy (or the HTTP listener) gives it.
 * `table` is the exact table name in the public schema (no quoting); `params[0]` is `$1`;
 * `columns` are exact column names and must include the primary key (default: all columns).
 */
export const shapeDefinitionSchema = z.object({
  table: z.string().min(1).max(63),
  where: z.string().max(16_384).optional(),
  params: z.array(z.string().max(65_536)).max(1000).optional(),
  columns: z.array(z.string().min(1).max(63)).min(1).max(1600).optional(),
  replica: z.enum(['default', 'full']).optional(),
  log: z.enum(['full', 'changes_only']).optional(),
});
/** What shapeDefinitionSchema accepts (arrays may be readonly). */
export interface ShapeDefinition {
  table: string;
  where?: string;
  params?: readonly string[];
  columns?: readonly string[];
  replica?: 'default' | 'full';
  log?: 'full' | 'changes_only';
}

export interface NormalizedDefinition {
  table: string;
  where: string | null;
  params: string[];
  /** Sorted, without duplicates; null: every (non-generated) column. */
  columns: string[] | null;
  replica: 'default' | 'full';
  log: 'full' | 'changes_only';
}

export function normalizeDefinition(input: unknown): NormalizedDefinition {
  const r = shapeDefinitionSchema.safeParse(input);
  if (!r.success) throw zodToInvalid(r.error);
  const d = r.data;
  const where = d.where?.trim() ? d.where.trim() : null;
  return {
    table: d.table,
    where,
    params: where === null ? [] : (d.params ?? []),
    columns: d.columns ? [...new Set(d.columns)].sort() : null,
    replica: d.replica ?? 'default',
    log: d.log ?? 'full',
  };
}

/** Shape identity: one current handle per key. */
export function definitionKey(d: NormalizedDefinition): string {
  return JSON.stringify([d.table, d.where, d.params, d.columns, d.replica, d.log]);
}

/** Where the client is in the shape log. Strings are accepted as they come off a URL. */
export const protocolParamsSchema = z.object({
  offset: z.string({ error: "can't be blank" }).max(64),
  handle: z.string().max(128).optional(),
  live: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  cursor: z.string().max(64).optional(),
  live_sse: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  experimental_live_sse: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
});
/** Unknown keys (cache-buster, expired_handle, ...) are accepted and ignored. */
export type ProtocolParams = z.input<typeof protocolParamsSchema> & Record<string, unknown>;

/** Request headers that matter to a shape request. */
export const requestHeadersSchema = z.object({ ifNoneMatch: z.string().max(512).optional() });
export type ShapeRequestHeaders = z.input<typeof requestHeadersSchema>;

export interface NormalizedProtocol {
  offset: LogOffset | 'now';
  /** Ignored (undefined) when offset is -1 or now, as Electric does. */
  handle: string | undefined;
  live: boolean;
  cursor: string | undefined;
  ifNoneMatch: string | undefined;
}

export function normalizeProtocol(input: unknown, headers: unknown = {}): NormalizedProtocol {
  const r = protocolParamsSchema.safeParse(input);
  if (!r.success) throw zodToInvalid(r.error);
  const h = requestHeadersSchema.safeParse(headers);
  if (!h.success) throw zodToInvalid(h.error);
  const p = r.data;
  const live = p.live === true || p.live === 'true';
  const sse = [p.live_sse, p.experimental_live_sse];
  if (sse.includes(true) || sse.includes('true')) {
    throw InvalidRequestError.of(
      'live_sse',
      'server-sent events are not supported by this server; use long polling',
    );
  }
  const offset = p.offset === 'now' ? 'now' : parseOffset(p.offset);
  if (offset === null) throw InvalidRequestError.of('offset', 'has invalid format');
  const fromStart = offset === 'now' || offset.lsn < 0n;
  if (fromStart && live)
    throw InvalidRequestError.of('live', `can't be true when offset == ${p.offset}`);
  if (!fromStart && !p.handle)
    throw InvalidRequestError.of('handle', "can't be blank when offset != -1");
  return {
    offset,
    handle: fromStart ? undefined : p.handle,
    live,
    cursor: p.cursor,
    ifNoneMatch: h.data.ifNoneMatch,
  };
}

function zodToInvalid(err: z.ZodError): InvalidRequestError {
  const errors: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'request';
    (errors[field] ??= []).push(issue.message);
  }
  return new InvalidRequestError(errors);
}

// ---- HTTP query string -> definition -------------------------------------------------

/**
 * Splits `schema.name` / `name` where either part may be a "quoted identifier"; unquoted
 * parts fold to lower case as PostgreSQL does.
 */
export function parseQualifiedName(text: string): { schema: string; name: string } {
  const parts = splitIdentifiers(text, '.');
  if (parts.length === 1) return { schema: 'public', name: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, name: parts[1]! };
  throw InvalidRequestError.of('table', 'must be <table> or <schema>.<table>');
}

/** Electric's `columns` param: comma-separated, quoted identifiers allowed. */
export function parseColumnsParam(text: string): string[] {
  return splitIdentifiers(text, ',', 'columns');
}

function splitIdentifiers(text: string, sep: string, field = 'table'): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    let name: string;
    if (text[i] === '"') {
      const q = readQuoted(text, i);
      if (!q) throw InvalidRequestError.of(field, 'has an unterminated quoted identifier');
      name = q.value;
      i = q.end;
    } else {
      const start = i;
      while (i < text.length && text[i] !== sep && text[i] !== '"') i++;
      name = text.slice(start, i).trim().toLowerCase();
      if (!/^[a-z_][a-z0-9_$]*$/.test(name))
        throw InvalidRequestError.of(field, `invalid identifier "${text.slice(start, i).trim()}"`);
    }
    if (name === '') throw InvalidRequestError.of(field, 'has an empty identifier');
    out.push(name);
    while (text[i] === ' ') i++;
    if (i >= text.length) return out;
    if (text[i] !== sep)
      throw InvalidRequestError.of(field, `unexpected character at position ${i}`);
    i++;
  }
}

/**
 * Reads Electric's query params into a definition (unvalidated; normalizeDefinition
 * validates). `params[n]` (deep-object style) must be numbered 1..n without gaps.
 */
export function definitionFromQuery(q: URLSearchParams): ShapeDefinition {
  const tableText = q.get('table');
  if (!tableText) throw InvalidRequestError.of('table', "can't be blank");
  const table = parseQualifiedName(tableText);
  if (table.schema !== 'public') {
    throw InvalidRequestError.of(
      'table',
      `only tables of the public schema can be shapes, not "${table.schema}"`,
    );
  }
  const params: string[] = [];
  for (const [k, v] of q) {
    const m = /^params\[(\d+)\]$/.exec(k);
    if (m) params[Number(m[1]) - 1] = v;
  }
  for (let i = 0; i < params.length; i++) {
    if (params[i] === undefined)
      throw InvalidRequestError.of(
        'params',
        `params[${i + 1}] is missing (params must be numbered 1..n)`,
      );
  }
  const columns = q.get('columns');
  const def: Record<string, unknown> = { table: table.name, params };
  if (q.has('where')) def.where = q.get('where');
  if (columns !== null) def.columns = parseColumnsParam(columns);
  if (q.has('replica')) def.replica = q.get('replica');
  if (q.has('log')) def.log = q.get('log');
  return def as unknown as ShapeDefinition;
}

/** The protocol params of an HTTP request (unknown params are ignored, as Electric does). */
export function protocolFromQuery(q: URLSearchParams): ProtocolParams {
  const p: Record<string, unknown> = { offset: q.get('offset') ?? undefined };
  for (const k of ['handle', 'live', 'cursor', 'live_sse', 'experimental_live_sse'] as const) {
    if (q.has(k)) p[k] = q.get(k);
  }
  return p as ProtocolParams;
}
