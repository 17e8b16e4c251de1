/**
 * The sync server as an object: started by `npm run server` (main.ts) and,
 * in-process on a random port, by the integration tests. Start order: database
 * (embedded or DATABASE_URL, migrations), first owner, access watch, shape
 * backend, HTTP. Stop order is the reverse, after cutting live shape requests
 * so that closing does not wait on their long polls.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AccessWatch } from './access/access-watch.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { bootstrapOnStart, type SetupState } from './bootstrap/first-owner.ts';
import type { Settings } from './config/settings.ts';
import { openDatabase, type OpenDatabase } from './database/open-database.ts';
import { buildApp } from './http/app.ts';
import { EngineShapeBackend } from './shape-route/engine-backend.ts';
import { ProxyShapeBackend } from './shape-route/proxy-backend.ts';
import type { ShapeBackend, ShapeStatsProvider } from './shape-route/shape-backend.ts';
import { ShapeEngine, startShapeHttpServer } from './shape-engine/index.ts';

export interface StartOptions {
  /**
   * The shape backend. Default: the Electric proxy when ELECTRIC_URL is set,
   * otherwise the built-in engine (sync/server/shape-engine). Tests may pass their own.
   */
  shapeBackend?: ShapeBackend | ((db: OpenDatabase) => ShapeBackend | Promise<ShapeBackend>);
  shapeStats?: ShapeStatsProvider;
  /** Where startup lines go, the one-time setup code among them. Default: stdout. */
  print?: (line: string) => void;
}

export interface SyncServer {
  url: string;
  port: number;
  app: FastifyInstance;
  db: OpenDatabase;
  /** The pending one-time setup code, or null when the server has an owner. */
  setupCode(): string | null;
  close(): Promise<void>;
}

interface ChosenBackend {
  backend: ShapeBackend;
  stats?: ShapeStatsProvider;
  /** The engine's internal Electric-compatible listener, when SHAPE_ENGINE_PORT asks for one. */
  internal?: { url: string; close(): Promise<void> };
}

/**
 * Proxy mode when ELECTRIC_URL is set; otherwise the built-in engine, in-process,
 * reading logical replication with the owner connection (it needs REPLICATION
 * and must see every row: shapes are filtered by the server-decided where).
 */
async function chooseBackend(settings: Settings, db: OpenDatabase, options: StartOptions, print: (l: string) => void): Promise<ChosenBackend> {
  if (typeof options.shapeBackend === 'function') return { backend: await options.shapeBackend(db) };
  if (options.shapeBackend) return { backend: options.shapeBackend };
  if (settings.electricUrl) return { backend: new ProxyShapeBackend(settings.electricUrl, settings.electricSecret) };
  // Replication slots are cluster-wide: name ours after the database, so several databases
  // (or test databases) on one cluster never share a slot. Publications are per database.
  const database = decodeURIComponent(new URL(db.adminUrl).pathname.slice(1)) || 'postgres';
  const slotName = `pantry_shapes_${createHash('sha256').update(database).digest('hex').slice(0, 12)}`;
  const engine = await ShapeEngine.start({
    databaseUrl: db.adminUrl,
    dataDir: path.join(settings.dataDir, 'shapes', database),
    slotName,
  });
  const backend = new EngineShapeBackend(engine);
  if (settings.shapeEnginePort === undefined) return { backend, stats: backend };
  const secret = settings.shapeEngineSecret ?? randomBytes(24).toString('base64url');
  const internal = await startShapeHttpServer(engine, { secret, host: '127.0.0.1', port: settings.shapeEnginePort });
  print(`built-in shape engine also listening on ${internal.url} (Electric API, secret ${settings.shapeEngineSecret ? 'from SHAPE_ENGINE_SECRET' : `${secret} (generated)`})`);
  return { backend, stats: backend, internal };
}

export async function startSyncServer(settings: Settings, options: StartOptions = {}): Promise<SyncServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const db = await openDatabase(settings, print);
  const cleanups: Array<() => Promise<unknown>> = [() => db.close()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const setup: SetupState = { code: null };
    const outcome = await bootstrapOnStart(db.pool, settings);
    if (outcome.kind === 'created') {
      print(`created the first owner ${outcome.email} and the workspace "${outcome.workspaceName}"`);
    } else if (outcome.kind === 'setup_code') {
      setup.code = outcome.code;
      print(
        `No owner yet. One-time setup code: ${outcome.code}\n` +
          '  Exchange it once: POST /v1/setup {"setup_code", "email", "password", "display_name"?, "workspace_name"?}\n' +
          '  (or restart with FIRST_OWNER_EMAIL and FIRST_OWNER_PASSWORD)',
      );
    }

    const access = new AccessWatch(db.pool, db.authenticatorUrl, settings.accessRecheckMs, print);
    await access.start();
    cleanups.push(() => access.close());

    const chosen = await chooseBackend(settings, db, options, print);
    const shapeBackend = chosen.backend;
    if (shapeBackend.close) cleanups.push(() => shapeBackend.close!());
    if (chosen.internal) cleanups.push(() => chosen.internal!.close());

    const app = await buildApp({
      settings,
      pool: db.pool,
      throttle: new LoginThrottle(db.pool, settings),
      access,
      shapeBackend,
      shapeStats: options.shapeStats ?? chosen.stats,
      setup,
    });
    cleanups.push(() => app.close());
    await app.listen({ host: settings.host, port: settings.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : settings.port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const url = `http://${host}:${port}`;
    print(`sync server listening on ${url} (${db.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}${settings.electricUrl ? ', shapes proxied to ELECTRIC_URL' : ''})`);

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      app,
      db,
      setupCode: () => setup.code,
      close: () => (closing ??= (async () => {
        // Access first: it aborts live long polls, so app.close() does not wait ~20 s for them.
        await access.close();
        await app.close();
        await chosen.internal?.close();
        await shapeBackend.close?.();
        await db.close();
      })()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
