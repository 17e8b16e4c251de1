/**
 * Brings up the database the server runs on: the embedded PostgreSQL under the
 * data dir (the default) or the one named by DATABASE_URL; applies migrations;
 * then opens the request pool as the login role, after checking that this role
 * is what the identity contract needs (no superuser, no BYPASSRLS, owns nothing).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../../../server-migrations/migrator.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../server-migrations/postgres/embedded-postgres.ts';
import type { Settings } from '../config/settings.ts';

export const EMBEDDED_DATABASE = 'pantry';
export const AUTHENTICATOR_ROLE = 'crm_authenticator';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface OpenDatabase {
  /** Owner/superuser connection string: migrations, maintenance, the shape engine's replication. */
  adminUrl: string;
  /** Connection string of the login role every request runs as. */
  authenticatorUrl: string;
  /** Request pool, logged in as the authenticator. */
  pool: pg.Pool;
  embedded: boolean;
  close(): Promise<void>;
}

/** The shape engine reads logical replication; anything less must stop the server with a fix it can act on. */
export function assertLogicalWal(walLevel: string | undefined): void {
  if (walLevel !== 'logical') {
    throw new StartupError(
      `PostgreSQL runs with wal_level = '${walLevel ?? 'unknown'}', but the sync server needs 'logical' ` +
        '(shapes are read from logical replication). Run "ALTER SYSTEM SET wal_level = logical;" as a superuser ' +
        '(or set it in postgresql.conf) and restart PostgreSQL.',
    );
  }
}

/** A secret kept in the data dir: read when present, else generated once and written readable by its owner only. */
async function keptSecret(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(24).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return secret;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Refuses a request role that could step around row-level security. */
export async function checkAuthenticator(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string; rolsuper: boolean; rolbypassrls: boolean; owned: number; can_crm_user: boolean }>(`
    SELECT r.rolname AS name, r.rolsuper, r.rolbypassrls,
           (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::int
             + (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid)::int AS owned,
           pg_has_role(r.oid, 'crm_user', 'MEMBER') AS can_crm_user
    FROM pg_roles r WHERE r.rolname = current_user`);
  const r = rows[0];
  if (!r) throw new StartupError('could not read the request role from pg_roles');
  const problems = [
    r.rolsuper && 'is a superuser',
    r.rolbypassrls && 'has BYPASSRLS',
    r.owned > 0 && `owns ${r.owned} tables or functions`,
    !r.can_crm_user && 'is not a member of crm_user',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new StartupError(
      `the request role "${r.name}" ${problems.join(', ')}: requests must run as a login role that owns nothing, ` +
        `has no BYPASSRLS and may SET ROLE crm_user (use ${AUTHENTICATOR_ROLE}).`,
    );
  }
}

async function prepareSchema(adminUrl: string, log: (line: string) => void): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ wal_level: string }>('SHOW wal_level');
    assertLogicalWal(rows[0]?.wal_level);
  });
  const { ran } = await migrate({ databaseUrl: adminUrl, direction: 'up' });
  for (const name of ran) log(`applied migration ${name}`);
  // Audit partitions for the months ahead: the audit log is partitioned by month.
  await withClient(adminUrl, (c) =>
    c.query(`SELECT crm.ensure_audit_partitions((date_trunc('month', now()) - interval '1 month')::date, 14)`),
  );
}

export async function openDatabase(settings: Settings, log: (line: string) => void): Promise<OpenDatabase> {
  let embedded: RunningPostgres | undefined;
  let adminUrl: string;
  let authenticatorUrl: string;
  try {
    if (settings.databaseUrl) {
      adminUrl = settings.databaseUrl;
      await prepareSchema(adminUrl, log);
      authenticatorUrl =
        settings.authenticatorUrl ?? withCredentials(adminUrl, AUTHENTICATOR_ROLE, settings.authenticatorPassword ?? '');
    } else {
      const secrets = path.join(settings.dataDir, 'secrets');
      const superPassword = await keptSecret(secrets, 'postgres-superuser-password');
      const authPassword = await keptSecret(secrets, 'crm-authenticator-password');
      log(`starting embedded PostgreSQL in ${path.join(settings.dataDir, 'postgres')}`);
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(settings.dataDir, 'postgres'),
        persistent: true,
        password: superPassword,
        onStatus: log,
        ...(settings.embeddedPostgresPort ? { port: settings.embeddedPostgresPort } : {}),
      });
      const cluster = embedded;
      await withClient(cluster.adminUrl, async (c) => {
        const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
        if (!rowCount) await c.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
      });
      adminUrl = cluster.urlFor(EMBEDDED_DATABASE);
      await prepareSchema(adminUrl, log);
      // The migrations create the role without LOGIN; the embedded deployment gives it one.
      await withClient(adminUrl, (c) =>
        c.query(`ALTER ROLE ${AUTHENTICATOR_ROLE} LOGIN PASSWORD ${c.escapeLiteral(authPassword)}`),
      );
      authenticatorUrl = withCredentials(adminUrl, AUTHENTICATOR_ROLE, authPassword);
    }
  } catch (err) {
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  const pool = new pg.Pool({ connectionString: authenticatorUrl, max: settings.dbPoolSize });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => log(`database pool: ${err.message}`));
  try {
    await checkAuthenticator(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    if ((err as { code?: string }).code === '28P01' || (err as { code?: string }).code === '28000') {
      throw new StartupError(`could not sign in as the request role: ${(err as Error).message}`);
    }
    throw err;
  }
  return {
    adminUrl,
    authenticatorUrl,
    pool,
    embedded: Boolean(embedded),
    async close() {
      await pool.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}
