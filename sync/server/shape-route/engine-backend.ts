/**
 * The built-in engine behind the shape route: the server-decided definition
 * goes to ShapeEngine.serveShape in-process (no HTTP hop, no secret to leak).
 * `log` is part of a shape's identity in the engine, so it moves from the
 * client's protocol params into the definition.
 */
import type { ShapeEngine } from '../shape-engine/index.ts';
import type { ShapeBackend, ShapeDefinition, ShapeProtocolParams, ShapeRequestHeaders, ShapeResponse, ShapeStat, ShapeStatsProvider } from './shape-backend.ts';

export class EngineShapeBackend implements ShapeBackend, ShapeStatsProvider {
  constructor(private readonly engine: ShapeEngine) {}

  async serve(
    definition: ShapeDefinition,
    protocol: ShapeProtocolParams,
    signal: AbortSignal,
    headers?: ShapeRequestHeaders,
  ): Promise<ShapeResponse> {
    const { log, ...rest } = protocol;
    const res = await this.engine.serveShape(
      {
        table: definition.table,
        where: definition.where,
        params: definition.params,
        columns: definition.columns,
        ...(definition.replica ? { replica: definition.replica } : {}),
        ...(log ? { log } : {}),
      },
      { offset: rest.offset ?? '-1', ...rest },
      signal,
      headers?.ifNoneMatch ? { ifNoneMatch: headers.ifNoneMatch } : undefined,
    );
    return { status: res.status, headers: res.headers, body: res.body };
  }

  /** The engine counts with its snapshot's own SQL (shape-engine/count-rows.ts). */
  countRows(definition: ShapeDefinition, timeoutMs: number): Promise<number> {
    return this.engine.countRows(
      { table: definition.table, where: definition.where, params: definition.params, columns: definition.columns },
      timeoutMs,
    );
  }

  async shapeStats(workspaceId: string): Promise<ShapeStat[]> {
    return this.engine
      .shapeStats()
      .filter((s) => s.params.includes(workspaceId))
      .map((s) => ({ handle: s.handle, table: s.table, log_bytes: s.changeBytes, rows: null, live_requests: s.waitingRequests }));
  }

  async close(): Promise<void> {
    await this.engine.stop();
  }
}
