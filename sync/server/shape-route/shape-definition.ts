/**
 * The server decides every shape. From a client's query only two things are
 * taken: the name of a replicated table, and Electric's protocol parameters
 * (offset, handle, live, cursor, log, ...). A client's `where`, `params[n]`,
 * `columns`, `replica`, `secret`, `subset__*` or anything else is dropped, so
 * the filter is never client text wrapped in ours: `1=1) OR (1=1` has nothing
 * to break out of.
 *
 * Every definition filters by the session's workspace and carries the
 * device's resync generation (`key <> $2`, always true): a forced
 * resync changes $2, which makes it a different shape with a new handle, so
 * the device's next request with its old handle gets a 409 naming the new
 * handle and the official client refetches from scratch (a 409 that repeated
 * the old handle would trip the client's expired-handle guard, §7).
 * Devices that were never resynced share generation '0', so their shapes are shared too.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { columnsOf, TABLE_NAMES, type TableName } from '../../schema/tables.ts';
import { HttpProblem, parseOr400 } from '../http/problem.ts';
import type { ShapeDefinition, ShapeProtocolParams } from './shape-backend.ts';

/**
 * The resync generation as a UUID that no row has: the nil UUID for devices
 * never resynced (so they share shapes), else a hash of the generation. The
 * where clause compares it with the key column (`x <> $2`, always true): the
 * engine accepts only comparisons that involve a column, and a new value makes
 * a new shape.
 */
export function generationUuid(generation: string): string {
  if (generation === '0') return '00000000-0000-0000-0000-000000000000';
  const h = createHash('sha256').update(`resync:${generation}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Per-table filters; every one is confined to the session's workspace. Users
 * have no workspace column: the shape lists the ids of everyone who is or was
 * a member (history keeps their names) as parameters, so a membership change
 * makes a new definition and the client's next request refetches that small
 * table (no subquery support needed from the backend).
 */
export function shapeDefinition(
  table: TableName,
  workspaceId: string,
  generation: string,
  memberIds: readonly string[] = [],
): ShapeDefinition {
  const columns = columnsOf(table);
  const gen = generationUuid(generation);
  if (table === 'users') {
    const ids = memberIds.length > 0 ? memberIds : [workspaceId];
    return {
      table,
      columns,
      where: `id <> $1 AND id IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
      params: [gen, ...ids],
    };
  }
  const key = table === 'workspaces' ? 'id' : 'workspace_id';
  return { table, columns, where: `${key} = $1 AND ${key} <> $2`, params: [workspaceId, gen] };
}

const HANDLE = /^[A-Za-z0-9_.:-]{1,256}$/;
const bool = z.enum(['true', 'false']);

const protocolSchema = z.strictObject({
  offset: z.string().regex(/^(-1|now|\d{1,20}_(\d{1,20}|inf))$/, 'must be -1, now or an offset from electric-offset').optional(),
  handle: z.string().regex(HANDLE, 'must be a handle from electric-handle').optional(),
  live: bool.optional(),
  // The official client sends an empty cursor on its first live request.
  cursor: z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, 'must be a cursor from electric-cursor').optional(),
  log: z.enum(['full', 'changes_only']).optional(),
  live_sse: bool.optional(),
  experimental_live_sse: bool.optional(),
  'cache-buster': z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/).optional(),
  expired_handle: z.string().regex(HANDLE).optional(),
});

const PROTOCOL_KEYS = Object.keys(protocolSchema.shape) as (keyof ShapeProtocolParams)[];

/** The table and the protocol parameters of a GET /v1/shape query; everything else is ignored. */
export function parseShapeQuery(query: Record<string, unknown>): { table: TableName; protocol: ShapeProtocolParams } {
  const table = query.table;
  if (typeof table !== 'string' || table === '') {
    throw new HttpProblem(400, 'invalid_request', `table is required: one of ${TABLE_NAMES.join(', ')}`, 'table');
  }
  if (!(TABLE_NAMES as string[]).includes(table)) {
    throw new HttpProblem(400, 'unknown_table', `"${table.slice(0, 100)}" is not a replicated table: use one of ${TABLE_NAMES.join(', ')}`, 'table');
  }
  const picked: Record<string, unknown> = {};
  for (const key of PROTOCOL_KEYS) if (query[key] !== undefined) picked[key] = query[key];
  const protocol = parseOr400(protocolSchema, picked, 'shape request');
  if (protocol.offset && protocol.offset !== '-1' && protocol.offset !== 'now' && !protocol.handle) {
    throw new HttpProblem(400, 'invalid_request', 'handle is required with an offset other than -1 or now', 'handle');
  }
  return { table: table as TableName, protocol };
}

/** Electric's `columns` syntax: every identifier double-quoted, inner quotes doubled. */
export function quoteColumns(columns: readonly string[]): string {
  return columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
}

/**
 * The upstream URL of a shape request to an Electric-compatible service at
 * `baseUrl` (its `/v1/shape` is appended to any path the base has): the
 * server's definition, the client's protocol parameters, and the secret.
 */
export function upstreamShapeUrl(baseUrl: string, def: ShapeDefinition, protocol: ShapeProtocolParams, secret?: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/shape`;
  url.search = '';
  const set = (k: string, v: string) => url.searchParams.set(k, v);
  set('table', def.table);
  set('where', def.where);
  def.params.forEach((p, i) => set(`params[${i + 1}]`, p));
  set('columns', quoteColumns(def.columns));
  if (def.replica) set('replica', def.replica);
  for (const key of PROTOCOL_KEYS) {
    const v = protocol[key];
    if (v !== undefined) set(key, v);
  }
  if (secret) set('secret', secret);
  // Sorted, as the official client does: equal requests give equal URLs for caches.
  url.searchParams.sort();
  return url;
}
