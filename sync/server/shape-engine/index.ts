/**
 * The built-in shape engine: Electric's HTTP shape protocol (the part `@electric-sql/client`'s
 * ShapeStream uses) served from PostgreSQL logical replication, for single-server
 * deployments and tests. The product's auth proxy calls `engine.serveShape()` in process;
 * `startShapeHttpServer()` serves the same on Electric's routes behind a secret.
 *
 *   const engine = await ShapeEngine.start({ databaseUrl, dataDir });
 *   const r = await engine.serveShape(
 *     { table: 'contacts', columns, where: 'workspace_id = $1', params: [ws], log: clientLog },
 *     { offset, handle, live, cursor },   // the client's protocol params only
 *     request.signal,
 *     { ifNoneMatch },
 *   );
 *   // r = { status, headers, body }: copy status, electric-*, cache-control, etag, content-type
 *
 * Requirements: wal_level=logical; the engine's role has REPLICATION, can read the tables,
 * and owns them (or is superuser) unless an admin already set REPLICATION IDENTITY FULL and
 * added them to the publication. One engine per data directory and slot.
 *
 * Where clauses: AND, OR, NOT, =, <> (!=), <, >, <=, >=, IS [NOT] NULL, [NOT] IN (...),
 * string/number/boolean/NULL literals, $n params, column names, parentheses. Columns of
 * array, json, interval, timetz and other types without a sound text ordering can only be
 * tested with IS [NOT] NULL (enums and jsonb: = and <> too). Known differences from
 * PostgreSQL: text ordering (<, >) is by code point (the C collation); dates BC or after
 * 9999 order wrongly.
 *
 * Deviations from Electric: no SSE (`live_sse` is a 400), no subset snapshots
 * (`subset__*` params are ignored), no subqueries in where, tables need a primary key,
 * a schema change retires all the table's shapes and is noticed at the next change to that
 * table, log compaction = rotation past `maxLogBytes`, snapshot offsets other than the
 * chunk ends the server issued are refused (400).
 */
export {
  ShapeEngine,
  shapeEngineOptionsSchema,
  type ShapeEngineOptions,
  type ShapeStats,
  type EngineStatus,
} from './shape-engine.ts';
export {
  startShapeHttpServer,
  type ShapeHttpServer,
  type ShapeHttpServerOptions,
} from './http-server.ts';
export type { ShapeResponse } from './serve-shape.ts';
export {
  shapeDefinitionSchema,
  protocolParamsSchema,
  protocolFromQuery,
  type ShapeDefinition,
  type ProtocolParams,
  type ShapeRequestHeaders,
} from './definition.ts';
