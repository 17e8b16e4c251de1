/**
 * The seam between the authenticated shape route and whatever serves the
 * Electric shape protocol behind it: the proxy to a real Electric (proxy mode,
 * ELECTRIC_URL) or the built-in engine (sync/server/shape-engine/, wired by the lead).
 *
 * The route has already authenticated the caller and decided the shape: a
 * backend receives a ShapeDefinition written by the server only (never client
 * text) and the client's Electric protocol parameters, already filtered to the
 * known ones and validated. It answers as Electric's HTTP API would; the route
 * copies status, electric-* headers and body back to the client.
 */
import type { TableName } from '../../schema/tables.ts';

/** A shape as the server decided it: Electric's `table`, `where` + `params`, `columns`, `replica`. */
export interface ShapeDefinition {
  /** A replicated table of the `public` schema (sync/schema TABLE_NAMES), unqualified. */
  table: TableName;
  /** The projection; always includes the primary key. Sent as Electric's quoted, comma-joined `columns`. */
  columns: readonly string[];
  /** SQL boolean over the table's columns with positional $1..$n; written by the server, never by a client. */
  where: string;
  /** Values of $1..$n, in order (Electric's `params[1]`, `params[2]`, ...). */
  params: readonly string[];
  /** Electric's `replica`; absent means Electric's default. */
  replica?: 'default' | 'full';
}

/** The Electric protocol parameters a client may set (ELECTRIC-PROTOCOL.md section 2); all else is dropped by the route. */
export interface ShapeProtocolParams {
  offset?: string;
  handle?: string;
  live?: 'true' | 'false';
  cursor?: string;
  log?: 'full' | 'changes_only';
  live_sse?: 'true' | 'false';
  experimental_live_sse?: 'true' | 'false';
  /** Cache-busting only (the client adds them after a 409); forwarded so caches between us and Electric see them. */
  'cache-buster'?: string;
  expired_handle?: string;
}

/** Request headers a backend may use (conditional requests). */
export interface ShapeRequestHeaders {
  ifNoneMatch?: string;
}

export interface ShapeResponse {
  status: number;
  /** Lower-case names. The route keeps electric-*, content-type, cache-control, etag, retry-after. */
  headers: Record<string, string>;
  /** A web stream is piped as it arrives, so a large snapshot is never held in memory whole. */
  body: ReadableStream<Uint8Array> | Uint8Array | string | null;
}

export interface ShapeBackend {
  /**
   * Serves one shape request. Long-polls (live=true) may take up to ~20 s; when
   * `signal` aborts (the caller's device was revoked, its resync requested, the
   * client went away, the server stops) the backend must stop at once: reject,
   * or error the body stream if it is already streaming.
   */
  serve(
    definition: ShapeDefinition,
    protocol: ShapeProtocolParams,
    signal: AbortSignal,
    headers?: ShapeRequestHeaders,
  ): Promise<ShapeResponse>;
  /**
   * How many rows the definition's snapshot would deliver now, for the sync
   * plan. Optional: a backend without it (the Electric proxy) leaves the count
   * to the plan route, as the user under RLS.
   */
  countRows?(definition: ShapeDefinition, timeoutMs: number): Promise<number>;
  close?(): Promise<void>;
}

/** One shape as the sync-health view lists it. Unknown numbers are null. */
export interface ShapeStat {
  handle: string;
  table: string;
  log_bytes: number | null;
  rows: number | null;
  live_requests: number | null;
}

/**
 * Hook for the engine's statistics in GET /v1/admin/sync-health: the engine
 * returns the shapes whose params[1] is this workspace. Absent in proxy mode
 * (Electric keeps its own metrics) and until the built-in engine provides it.
 */
export interface ShapeStatsProvider {
  shapeStats(workspaceId: string): Promise<ShapeStat[]>;
}

/** Used when neither ELECTRIC_URL nor the built-in engine is configured: a clear 503, retried by the client. */
export class UnavailableShapeBackend implements ShapeBackend {
  constructor(private readonly reason: string) {}

  async serve(): Promise<ShapeResponse> {
    return {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '30', 'cache-control': 'no-store' },
      body: JSON.stringify({ error: { code: 'shape_backend_unavailable', message: this.reason } }),
    };
  }
}
