/**
 * One shape request, answered as Electric answers it (ELECTRIC-PROTOCOL.md §2-§8):
 * initial sync, chunked catch-up, long-poll live mode, `offset=now`, 409 must-refetch,
 * headers, cache policy and ETags. Transport-free: returns status, headers and body.
 */
import {
  definitionKey,
  InvalidRequestError,
  normalizeDefinition,
  normalizeProtocol,
  type NormalizedDefinition,
  type NormalizedProtocol,
} from './definition.ts';
import {
  BEFORE_ALL,
  compareOffsets,
  formatOffset,
  SNAPSHOT_END,
  type LogOffset,
} from './offsets.ts';
import type { LogStore } from './log-store.ts';
import type { Shape } from './shape.ts';
import type { ShapeCreator } from './shape-creator.ts';
import type { ShapeRegistry } from './shape-registry.ts';

/** What a shape request produces; the caller writes it to its own HTTP response. */
export interface ShapeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ServeContext {
  registry: ShapeRegistry;
  creator: ShapeCreator;
  store: LogStore;
  longPollTimeoutMs: number;
  /** The engine's latest processed commit LSN (up-to-date's global_last_seen_lsn). */
  lastSeenLsn(): bigint;
  /** The engine is shutting down: waiting requests answer 503 (the client retries). */
  isStopped(): boolean;
  log(msg: string): void;
}

class EngineStopping extends Error {}

const JSON_TYPE = 'application/json; charset=utf-8';
const MUST_REFETCH = '[{"headers":{"control":"must-refetch"}}]';
const CURSOR_EPOCH_MS = Date.UTC(2024, 9, 9);

/**
 * Normalized definitions and their keys, per definition object: the shape route
 * hands the same frozen object for every long poll of a shape, so the
 * validation, sorting and key are done once, not per request. Only frozen
 * objects are remembered (a caller may change an unfrozen one between calls).
 */
const normalized = new WeakMap<object, { def: NormalizedDefinition; defKey: string }>();

function normalizedOf(definition: unknown): { def: NormalizedDefinition; defKey: string } {
  const memo = typeof definition === 'object' && definition !== null && Object.isFrozen(definition);
  const hit = memo ? normalized.get(definition) : undefined;
  if (hit) return hit;
  const def = normalizeDefinition(definition);
  const out = { def, defKey: definitionKey(def) };
  if (memo) normalized.set(definition, out);
  return out;
}

export async function serveShape(
  ctx: ServeContext,
  definition: unknown,
  protocol: unknown,
  signal: AbortSignal | undefined,
  requestHeaders: unknown,
): Promise<ShapeResponse> {
  try {
    const { def, defKey } = normalizedOf(definition);
    const proto = normalizeProtocol(protocol, requestHeaders ?? {});

    let shape: Shape;
    if (proto.handle === undefined) {
      shape = await ctx.creator.getOrCreate(def, defKey);
    } else {
      const found = ctx.registry.forHandle(proto.handle);
      // Unknown (retired, evicted, lost) or another definition's handle: start over.
      if (!found || found.defKey !== defKey) return await mustRefetch(ctx, def, defKey);
      shape = found;
    }
    shape.lastUsedAt = Date.now();
    if (shape.status === 'creating') {
      const early = await serveSnapshotInProgress(ctx, shape, proto, signal);
      if (early) return early;
    }
    await shape.ready;
    const read = (after: LogOffset) => {
      if (ctx.isStopped()) throw new EngineStopping();
      return shape.readShared(after, (from) => ctx.store.read(shape.id, from));
    };
    if (ctx.isStopped()) throw new EngineStopping();
    if (shape.isGone()) return await mustRefetch(ctx, def, defKey);

    // An empty log (changes_only, nothing yet) still has a position: after the empty snapshot.
    const end = (): LogOffset => (shape.tail.end.lsn < 0n ? SNAPSHOT_END : shape.tail.end);

    if (proto.offset === 'now') {
      const at = end();
      return ok(ctx, shape, {
        requested: 'now',
        responseOffset: at,
        bodies: [],
        upToDate: true,
        live: false,
        cursor: proto.cursor,
      });
    }
    const requested = proto.offset;
    const isInitial = requested.lsn < 0n;

    // Out of bounds: the client may simply be ahead of us right after a restart; give the
    // log a moment to catch up (half a long poll, as Electric) before refusing.
    if (!isInitial && compareOffsets(requested, end()) > 0) {
      const deadline = Date.now() + ctx.longPollTimeoutMs / 2;
      while (
        compareOffsets(requested, end()) > 0 &&
        !shape.isGone() &&
        Date.now() < deadline &&
        !signal?.aborted
      ) {
        await shape.waitForChange(deadline - Date.now(), signal);
      }
      if (shape.isGone()) return await mustRefetch(ctx, def, defKey);
      if (compareOffsets(requested, end()) > 0)
        throw InvalidRequestError.of('offset', 'out of bounds for this shape');
    }

    // Snapshot rows are stored a chunk per row, so a snapshot offset must be one we issued.
    if (
      requested.lsn === 0n &&
      requested.op !== Infinity &&
      !ctx.store.endsRow(shape.id, requested)
    ) {
      throw InvalidRequestError.of('offset', 'out of bounds for this shape');
    }

    const etagFor = (responseOffset: LogOffset) =>
      `"${shape.handle}:${formatOffset(requested)}:${formatOffset(responseOffset)}"`;
    let result = read(isInitial ? BEFORE_ALL : requested);

    if (proto.live && result.bodies.length === 0) {
      const deadline = Date.now() + ctx.longPollTimeoutMs;
      while (result.bodies.length === 0 && Date.now() < deadline && !signal?.aborted) {
        await shape.waitForChange(deadline - Date.now(), signal);
        if (ctx.isStopped()) throw new EngineStopping();
        if (shape.isGone()) return await mustRefetch(ctx, def, defKey);
        result = read(requested);
      }
    } else if (!proto.live && proto.ifNoneMatch) {
      const responseOffset = result.last ?? (isInitial ? end() : requested);
      if (proto.ifNoneMatch === etagFor(responseOffset)) {
        return {
          status: 304,
          headers: {
            etag: etagFor(responseOffset),
            'cache-control': cacheControl(isInitial, false),
          },
          body: '',
        };
      }
    }

    const responseOffset = result.last ?? (isInitial ? end() : requested);
    // Electric never ends the first (offset=-1) response with up-to-date: the client then
    // always makes a second request, which tests and prefetching rely on.
    const upToDate = !isInitial && compareOffsets(responseOffset, end()) >= 0;
    return ok(ctx, shape, {
      requested: formatOffset(requested),
      responseOffset,
      bodies: result.bodies,
      upToDate,
      live: proto.live,
      cursor: proto.cursor,
      etag:
        proto.live && result.bodies.length === 0
          ? `${etagFor(responseOffset).slice(0, -1)}:${Date.now()}"`
          : etagFor(responseOffset),
      isInitial,
    });
  } catch (e) {
    if (e instanceof InvalidRequestError) {
      return errorResponse(400, { message: 'Invalid request', errors: e.errors });
    }
    if (e instanceof EngineStopping || ctx.isStopped()) {
      const r = errorResponse(503, { message: 'The shape engine is restarting' });
      r.headers['retry-after'] = '1';
      return r;
    }
    ctx.log(`shape request failed: ${(e as Error).stack ?? String(e)}`);
    return errorResponse(500, { message: `Unable to serve the shape: ${(e as Error).message}` });
  }
}

/**
 * While a snapshot is still being read, its finished chunks are already final (stored
 * whole, see LogEntry), so they are served at once: the client downloads and parses the
 * first chunks while PostgreSQL produces the rest. Null: use the normal path.
 */
async function serveSnapshotInProgress(
  ctx: ServeContext,
  shape: Shape,
  proto: NormalizedProtocol,
  signal: AbortSignal | undefined,
): Promise<ShapeResponse | null> {
  if (proto.offset === 'now' || proto.live) return null;
  const requested = proto.offset;
  if (requested.lsn > 0n || requested.op === Infinity) return null;
  const isInitial = requested.lsn < 0n;
  if (!isInitial && !ctx.store.endsRow(shape.id, requested)) return null;
  while (shape.status === 'creating' && !signal?.aborted && !ctx.isStopped()) {
    const r = ctx.store.read(shape.id, isInitial ? BEFORE_ALL : requested);
    if (r.last) {
      return ok(ctx, shape, {
        requested: formatOffset(requested),
        responseOffset: r.last,
        bodies: r.bodies,
        upToDate: false,
        live: false,
        cursor: proto.cursor,
        etag: `"${shape.handle}:${formatOffset(requested)}:${formatOffset(r.last)}"`,
        isInitial,
      });
    }
    // Woken by the next stored chunk, by the end of the snapshot, or by retirement.
    await shape.waitForChange(ctx.longPollTimeoutMs, signal);
  }
  return null;
}

async function mustRefetch(
  ctx: ServeContext,
  def: NormalizedDefinition,
  defKey: string,
): Promise<ShapeResponse> {
  const next = await ctx.creator.getOrCreate(def, defKey);
  return {
    status: 409,
    headers: {
      'content-type': JSON_TYPE,
      'electric-handle': next.handle,
      'cache-control': 'public, max-age=60, must-revalidate',
    },
    body: MUST_REFETCH,
  };
}

interface OkInput {
  requested: string;
  responseOffset: LogOffset;
  bodies: string[];
  upToDate: boolean;
  live: boolean;
  cursor: string | undefined;
  etag?: string;
  isInitial?: boolean;
}

function ok(ctx: ServeContext, shape: Shape, r: OkInput): ShapeResponse {
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'electric-handle': shape.handle,
    'electric-offset': formatOffset(r.responseOffset),
    'electric-has-data': r.bodies.length > 0 ? 'true' : 'false',
    'cache-control': cacheControl(r.isInitial ?? false, r.live),
  };
  if (r.etag) headers.etag = r.etag;
  // The client requires the schema on non-live responses and the cursor on live ones.
  if (r.live) headers['electric-cursor'] = nextCursor(ctx.longPollTimeoutMs, r.cursor);
  else headers['electric-schema'] = shape.schemaHeader;
  let body = r.bodies.join(',');
  if (r.upToDate) {
    headers['electric-up-to-date'] = '';
    const lsn = r.responseOffset.lsn > ctx.lastSeenLsn() ? r.responseOffset.lsn : ctx.lastSeenLsn();
    const control = `{"headers":{"control":"up-to-date","global_last_seen_lsn":"${lsn}"}}`;
    body = body ? `${body},${control}` : control;
  }
  return { status: 200, headers, body: `[${body}]` };
}

/** Electric's policy (ELECTRIC-PROTOCOL.md §8): the first chunk is immutable per handle. */
function cacheControl(isInitial: boolean, live: boolean): string {
  if (isInitial) return 'public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746';
  if (live) return 'public, max-age=5, stale-while-revalidate=5';
  return 'public, max-age=60, stale-while-revalidate=300';
}

export function errorResponse(status: number, json: unknown): ShapeResponse {
  return {
    status,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'surrogate-control': 'no-store',
    },
    body: JSON.stringify(json),
  };
}

/**
 * Electric's live cursor: the end of the current long-poll window counted from a fixed
 * epoch, so clients polling in the same window share a URL (CDN request collapsing) and a
 * new window never replays a cached answer; bumped if the client is already past it.
 */
export function nextCursor(longPollTimeoutMs: number, previous: string | undefined): string {
  const interval = Math.max(1, Math.round(longPollTimeoutMs / 1000));
  let next = Math.ceil((Date.now() - CURSOR_EPOCH_MS) / 1000 / interval) * interval;
  const prev = previous && /^\d{1,15}$/.test(previous) ? Number(previous) : 0;
  if (next <= prev) next = prev + 1 + Math.floor(Math.random() * 3600);
  return String(next);
}
