/**
 * The real sync server for integration tests: started in-process on a random
 * loopback port, on the test file's own migrated database (createTestDatabase),
 * with requests running as a login role made for this test database and
 * granted crm_authenticator, exactly as a deployment's crm_authenticator (a
 * per-database role, so test files running in parallel never change one
 * shared role's password under each other). Plus tenants whose users can sign in.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTenant, type Role, type Tenant } from '../../../server-migrations/testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../../server-migrations/testing/test-database.ts';
import { hashPassword } from '../../../server-migrations/identity/password-hash.ts';
import { settingsSchema, type SettingsInput } from '../config/settings.ts';
import { startSyncServer, type StartOptions, type SyncServer } from '../server.ts';

export const PASSWORD = 'correct horse battery';
/** Cheap scrypt cost for fixtures only; verifyPassword reads the cost from the stored hash. */
const FIXTURE_COST = { N: 1024, r: 8, p: 1 };

export interface TestServer {
  db: TestDatabase;
  server: SyncServer;
  url: string;
  /** Stops the server (clients see it go away) without touching the database or the engine's files. */
  stop(): Promise<void>;
  /** Starts it again on the same port, database and data dir (as after a deploy or a crash). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(
  overrides: Partial<SettingsInput> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const role = `auth_${db.name}`;
  const password = randomBytes(18).toString('base64url');
  await db.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOBYPASSRLS IN ROLE crm_authenticator`);
  const authUrl = new URL(db.url);
  authUrl.username = role;
  authUrl.password = password;
  const settings = settingsSchema.parse({
    databaseUrl: db.url,
    authenticatorUrl: authUrl.toString(),
    port: 0,
    logLevel: 'silent',
    // With DATABASE_URL only the built-in shape engine keeps files here (its logs, per database).
    dataDir: path.join(tmpdir(), 'pantry-server-test'),
    dbPoolSize: 6,
    ...overrides,
  });
  let server = await startSyncServer(settings, { print: () => {}, ...options });
  const samePort = { ...settings, port: server.port };
  let running = true;
  const t: TestServer = {
    db,
    server,
    url: server.url,
    async stop() {
      if (running) await server.close();
      running = false;
    },
    async restart() {
      await t.stop();
      server = await startSyncServer(samePort, { print: () => {}, ...options });
      t.server = server;
      running = true;
    },
    async close() {
      await t.stop();
      const admin = new pg.Client({ connectionString: db.adminUrl });
      await admin.connect();
      try {
        // The built-in engine's slot outlives the server (that is how clients resume); a test database must lose it.
        await admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active', [db.name]);
        await db.drop();
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await admin.end();
      }
    },
  };
  return t;
}

export async function setPassword(pool: pg.Pool, userId: string, password = PASSWORD): Promise<void> {
  await pool.query(
    `INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [userId, await hashPassword(password, FIXTURE_COST)],
  );
}

export interface LoginTenant extends Tenant {
  emails: Record<Role, string>;
}

/** A workspace with one member per role, each able to sign in with PASSWORD. */
export async function createLoginTenant(pool: pg.Pool, name: string): Promise<LoginTenant> {
  const tenant = await createTenant(pool, name);
  const emails = {} as Record<Role, string>;
  for (const [role, id] of Object.entries(tenant.users) as [Role, string][]) {
    await setPassword(pool, id);
    emails[role] = (await pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [id])).rows[0]!.email;
  }
  return { ...tenant, emails };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests check bodies with expect(), types would be noise
export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request; the body is parsed when it is JSON, else kept as text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function call<T = any>(
  url: string,
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${route}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface TestDevice {
  id: string;
  name: string;
  platform: 'linux' | 'darwin' | 'win32' | 'web' | 'other';
  app_version: string;
}

export function newDevice(name = 'Test laptop'): TestDevice {
  return { id: randomUUID(), name, platform: 'linux', app_version: '0.1.0' };
}

/** Signs in and returns the token (fails the test with the server's answer otherwise). */
export async function login(
  url: string,
  email: string,
  opts: { password?: string; device?: TestDevice; workspace_id?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
): Promise<{ token: string; deviceId: string; body: any }> {
  const device = opts.device ?? newDevice();
  const res = await call(url, 'POST', '/v1/auth/login', {
    body: { email, password: opts.password ?? PASSWORD, device, ...(opts.workspace_id ? { workspace_id: opts.workspace_id } : {}) },
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, deviceId: device.id, body: res.body };
}

/** A client mutation as the outbox sends it. */
export function mutation(table: string, op: 'insert' | 'update' | 'delete' | 'restore', rowId: string, changes?: Record<string, unknown>) {
  return {
    mutation_id: randomUUID(),
    table,
    op,
    row_id: rowId,
    ...(changes ? { changes } : {}),
    created_at: new Date().toISOString(),
  };
}

/** One mutation's answer from POST /v1/mutations, as the tests read it. */
export interface MutationResult {
  mutation_id: string;
  status: string;
  txid?: string;
  code?: string;
  field?: string;
  message?: string;
  unchanged?: boolean;
}

/** POSTs a batch to /v1/mutations and returns the per-mutation results; any answer but 200 throws with its body. */
export async function postMutations(url: string, token: string, mutations: ReturnType<typeof mutation>[]): Promise<MutationResult[]> {
  const res = await call(url, 'POST', '/v1/mutations', { token, body: { mutations } });
  if (res.status !== 200) throw new Error(`POST /v1/mutations answered ${res.status}: ${JSON.stringify(res.body).slice(0, 2000)}`);
  return res.body.results as MutationResult[];
}

/** How many audit rows these records have, every action counted. */
export async function auditRowCount(pool: pg.Pool, recordIds: string[]): Promise<number> {
  const r = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE record_id = ANY ($1)', [recordIds]);
  return r.rows[0]!.n;
}
