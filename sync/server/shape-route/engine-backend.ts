/**
 * The built-in engine behind the shape route: the server-decided definition
 * goes to ShapeEngine.serveShape in-process (no HTTP hop, no secret to leak).
 * `log` is part of a shape's identity in the engine, so it moves from the
 * client's protocol params into the definition.
 */
import type { ShapeEngine } from '../shape-engine/index.ts';
import type { ShapeBackend, ShapeDefinition, ShapeProtocolParams, ShapeRequestHeaders, ShapeResponse, ShapeStat, ShapeStatsProvider } from './shape-backend.ts';

/** The engine's form of a route definition, built once per definition object (the route reuses them). */
type EngineDefinition = Parameters<ShapeEngine['serveShape']>[0];

export class EngineShapeBackend implements ShapeBackend, ShapeStatsProvider {
  private readonly engineDefs = new WeakMap<ShapeDefinition, EngineDefinition>();

  constructor(private readonly engine: ShapeEngine) {}

  private engineDefinition(definition: ShapeDefinition, log: ShapeProtocolParams['log']): EngineDefinition {
    const make = (): EngineDefinition => ({
      table: definition.table,
      where: definition.where,
      params: definition.params,
      columns: definition.columns,
      ...(definition.replica ? { replica: definition.replica } : {}),
      ...(log ? { log } : {}),
    });
    // Only the default log is memoized: `log` is part of the engine's identity, and rare.
    if (log && log !== 'full') return make();
    let def = this.engineDefs.get(definition);
    if (!def) {
      def = Object.freeze(make());
      this.engineDefs.set(definition, def);
    }
    return def;
  }

  async serve(
    definition: ShapeDefinition,
    protocol: ShapeProtocolParams,
    signal: AbortSignal,
    headers?: ShapeRequestHeaders,
  ): Promise<ShapeResponse> {
    const { log, ...rest } = protocol;
    const res = await this.engine.serveShape(
      this.engineDefinition(definition, log),
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
