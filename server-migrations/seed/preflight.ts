/**
 * Checks made before anything is written, each with a message that says what
 * to do: the connection can bypass RLS (it is forced on every table), every
 * migration is applied, and the demo workspaces and users do not exist yet.
 * Read-only: an unmigrated database is left exactly as it was found.
 */
import type pg from 'pg';
import { readMigrationFiles, TRACKING_SCHEMA } from '../migrator.ts';

export class SeedError extends Error {
  override name = 'SeedError';
}

/** Everything the writer touches; checked by name so a half-migrated schema is caught too. */
const REQUIRED_TABLES = [
  'workspaces',
  'users',
  'user_credentials',
  'workspace_members',
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'opportunity_products',
  'opportunity_principals',
  'interactions',
  'interaction_principals',
  'audit_log',
] as const;

export async function checkPrivileges(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ role: string; ok: boolean }>(
    `SELECT current_user AS role, rolsuper OR rolbypassrls AS ok FROM pg_roles WHERE rolname = current_user`,
  );
  if (!rows[0]?.ok) {
    throw new SeedError(
      `role ${rows[0]?.role ?? '?'} cannot seed: row-level security is forced on every table, so the seed must ` +
        'connect as a superuser or a role with BYPASSRLS (the same DATABASE_URL as `npm run migrate`).',
    );
  }
}

export async function checkMigrated(client: pg.ClientBase): Promise<void> {
  const tracking = await client.query<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [
    `${TRACKING_SCHEMA}.pgmigrations`,
  ]);
  if (!tracking.rows[0]?.ok) {
    throw new SeedError(
      'this database is not migrated (no crm_migrations.pgmigrations): run `npm run migrate` first.',
    );
  }
  const applied = await client.query<{ name: string }>(
    `SELECT name FROM ${TRACKING_SCHEMA}.pgmigrations`,
  );
  const done = new Set(applied.rows.map((r) => r.name));
  const pending = (await readMigrationFiles()).map((f) => f.name).filter((name) => !done.has(name));
  if (pending.length > 0) {
    throw new SeedError(
      `this database has pending migrations (${pending.join(', ')}): run \`npm run migrate\` first.`,
    );
  }
  const missing: string[] = [];
  for (const table of REQUIRED_TABLES) {
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS ok`,
      [`public.${table}`],
    );
    if (!rows[0]?.ok) missing.push(table);
  }
  if (missing.length > 0) {
    throw new SeedError(
      `tables missing although every migration is recorded as applied: ${missing.join(', ')}.`,
    );
  }
}

/**
 * The seed needs a database without an earlier seed's data: its ids are fixed by
 * --seed and its emails by the workspace number, so a second run would collide.
 * Checked up front so the run fails before it writes a single workspace.
 */
export async function checkNotSeeded(
  client: pg.ClientBase,
  workspaceIds: string[],
  emails: string[],
): Promise<void> {
  const { rows } = await client.query<{ what: string }>(
    `SELECT 'workspace ' || name AS what FROM public.workspaces WHERE id = ANY ($1::uuid[])
     UNION ALL
     SELECT 'user ' || email FROM public.users WHERE lower(email) = ANY ($2::text[])
     LIMIT 3`,
    [workspaceIds, emails.map((e) => e.toLowerCase())],
  );
  if (rows.length > 0) {
    throw new SeedError(
      `this database already holds demo data (${rows.map((r) => r.what).join(', ')}). ` +
        'The seed needs a freshly migrated database: drop and re-create it, run `npm run migrate`, then seed again.',
    );
  }
}
