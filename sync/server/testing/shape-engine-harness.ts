/**
 * Test support for the engine's integration tests: an engine + HTTP listener on a test
 * database, and a real ShapeStream whose messages are materialised like a client replica.
 * (Not a test file; used only by *.int.test.ts beside it.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  isChangeMessage,
  isControlMessage,
  ShapeStream,
  type ChangeMessage,
  type Message,
  type Row,
} from '@electric-sql/client';
import { afterAll, beforeAll } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';
import { startShapeHttpServer, type ShapeHttpServer } from '../shape-engine/http-server.ts';
import { ShapeEngine, type ShapeEngineOptions } from '../shape-engine/shape-engine.ts';

export const SECRET = 'test-secret-0123456789';

export interface Harness {
  engine: ShapeEngine;
  http: ShapeHttpServer;
  dataDir: string;
  /** `<base>/v1/shape` */
  shapeUrl: string;
  /** Stops engine + listener, keeping the data directory and slot. */
  stop(): Promise<void>;
  /** A new engine and listener on the same data directory (a restart). */
  restart(): Promise<Harness>;
  /** Stops and drops the slot and data directory: call before db.drop(). */
  destroy(): Promise<void>;
}

export async function startHarness(
  db: TestDatabase,
  options: Partial<ShapeEngineOptions> = {},
  dataDir?: string,
): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'pantry-shapes-')));
  const engine = await ShapeEngine.start({
    databaseUrl: db.url,
    dataDir: dir,
    slotName: `shapes_${db.name}`,
    publicationName: 'pantry_shapes_test',
    longPollTimeoutMs: 1500,
    chunkBytes: 10_000,
    logger: process.env.SHAPES_DEBUG ? (m) => console.log(`[engine] ${m}`) : undefined,
    ...options,
  });
  const http = await startShapeHttpServer(engine, { secret: SECRET, allowShapeDeletion: true });
  const h: Harness = {
    engine,
    http,
    dataDir: dir,
    shapeUrl: `${http.url}/v1/shape`,
    async stop() {
      await http.close();
      await engine.stop();
    },
    async restart() {
      await h.stop();
      return startHarness(db, options, dir);
    },
    async destroy() {
      await http.close();
      await engine.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A client-side replica fed by a real ShapeStream. */
export class Follower {
  readonly rows = new Map<string, Row>();
  readonly batches: Message<Row>[][] = [];
  upToDate = false;
  mustRefetches = 0;
  errors: Error[] = [];
  private readonly aborter = new AbortController();
  readonly stream: ShapeStream<Row>;
  private listeners = new Set<() => void>();

  constructor(
    url: string,
    params: Record<string, unknown>,
    opts: {
      offset?: string;
      handle?: string;
      subscribe?: boolean;
      log?: 'full' | 'changes_only';
    } = {},
  ) {
    this.stream = new ShapeStream<Row>({
      url,
      params: { secret: SECRET, ...params } as never,
      signal: this.aborter.signal,
      offset: opts.offset as never,
      handle: opts.handle,
      subscribe: opts.subscribe ?? true,
      log: opts.log,
      backoffOptions: { initialDelay: 50, maxDelay: 200, multiplier: 1.5 },
    });
    this.stream.subscribe(
      (messages) => {
        this.batches.push(messages);
        for (const m of messages) this.apply(m);
        this.listeners.forEach((l) => l());
      },
      (e) => {
        this.errors.push(e);
        this.listeners.forEach((l) => l());
      },
    );
  }

  private apply(m: Message<Row>): void {
    if (isChangeMessage(m)) {
      const op = m.headers.operation;
      if (op === 'insert') this.rows.set(m.key, { ...m.value });
      else if (op === 'update')
        this.rows.set(m.key, { ...(this.rows.get(m.key) ?? {}), ...m.value });
      else this.rows.delete(m.key);
    } else if (isControlMessage(m)) {
      if (m.headers.control === 'up-to-date') this.upToDate = true;
      if (m.headers.control === 'must-refetch') {
        this.mustRefetches++;
        this.upToDate = false;
        this.rows.clear();
      }
    }
  }

  /** All change messages received so far, in order. */
  changes(): Array<ChangeMessage<Row>> {
    return this.batches.flat().filter((m): m is ChangeMessage<Row> => isChangeMessage(m));
  }

  /** Resolves when `check` holds after a batch (or now); rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = () => {
        if (check()) {
          cleanup();
          resolve();
        } else if (this.errors.length) {
          cleanup();
          reject(this.errors[0]);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out waiting for ${what}; rows=${JSON.stringify([...this.rows.values()])}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(test);
      };
      this.listeners.add(test);
      test();
    });
  }

  /** Rows by primary key value `id`. */
  byId(): Map<string, Row> {
    return new Map([...this.rows.values()].map((r) => [String(r.id), r]));
  }

  close(): void {
    this.aborter.abort();
  }
}

/** GET against the listener with Electric params; returns status, headers and parsed body. */
export async function getShape(
  base: string,
  params: Record<string, string>,
  init: RequestInit = {},
) {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: body as never, text };
}

export const ITEMS_DDL = `
  CREATE TABLE items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL,
    title text,
    n int,
    big bigint,
    price numeric(10,2),
    done boolean NOT NULL DEFAULT false,
    at timestamptz,
    tags text[],
    meta jsonb,
    notes text
  )`;

/** A test file's database (with the items table), engine and followers. */
export interface EngineFixture {
  db: TestDatabase;
  /** Reassign after a restart. */
  h: Harness;
  /** A Follower closed when the file's tests end. */
  follow(...args: ConstructorParameters<typeof Follower>): Follower;
}

/** Registers beforeAll/afterAll that build and tear down (slot before database) a fixture. */
export function setupItemsEngine(
  options: Partial<ShapeEngineOptions> = {},
  extraDdl: string[] = [],
): EngineFixture {
  const followers: Follower[] = [];
  const fx = {
    follow(...args: ConstructorParameters<typeof Follower>) {
      const f = new Follower(...args);
      followers.push(f);
      return f;
    },
  } as EngineFixture;
  beforeAll(async () => {
    fx.db = await createTestDatabase();
    for (const ddl of [ITEMS_DDL, ...extraDdl]) await fx.db.pool.query(ddl);
    fx.h = await startHarness(fx.db, options);
  });
  afterAll(async () => {
    followers.forEach((f) => f.close());
    await fx.h?.destroy();
    await fx.db?.drop();
  });
  return fx;
}
