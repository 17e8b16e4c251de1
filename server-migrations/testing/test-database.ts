/**
 * Gives a test file its own migrated database on the run's shared cluster.
 * Usage: `const db = await createTestDatabase(); ... await db.drop();`
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const TEMPLATE_DATABASE = 'pantry_template';

export interface TestDatabase {
  name: string;
  /** Superuser connection string for this database (tests arrange data with it). */
  url: string;
  /** Superuser connection string of the cluster's `postgres` database. */
  adminUrl: string;
  /** A pool on `url`, closed by drop(). */
  pool: pg.Pool;
  drop(): Promise<void>;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Clones the migrated template (or creates an empty database with `{ empty: true }`). */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection ended from the server side (the database dropped WITH (FORCE) at the
  // end of a file, a restart test) must not become an uncaught exception; the pool replaces it.
  pool.on('error', () => undefined);
  return {
    name,
    url,
    adminUrl,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
