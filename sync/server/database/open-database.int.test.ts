/**
 * The server refuses to run requests as a role that could step around RLS:
 * a superuser, or a role that owns tables (owners are exempt unless forced).
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../server-migrations/testing/test-database.ts';
import { settingsSchema } from '../config/settings.ts';
import { startSyncServer } from '../server.ts';

let db: TestDatabase;
const role = `owner_${randomBytes(5).toString('hex')}`;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

async function start(authenticatorUrl: string) {
  const settings = settingsSchema.parse({
    databaseUrl: db.url, authenticatorUrl, port: 0, logLevel: 'silent',
    // With DATABASE_URL the data dir is not used; it is never created.
    dataDir: path.join(tmpdir(), 'pantry-server-test-unused'),
  });
  return startSyncServer(settings, { print: () => {} });
}

describe('the request role', () => {
  it('must not be a superuser', async () => {
    await expect(start(db.url)).rejects.toThrow(/is a superuser.*owns nothing, has no BYPASSRLS/);
  });

  it('must not own tables', async () => {
    await db.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-${role}' IN ROLE crm_authenticator`);
    await db.pool.query(`CREATE TABLE public.${role}_scratch (id int)`);
    await db.pool.query(`ALTER TABLE public.${role}_scratch OWNER TO ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = `pw-${role}`;
    await expect(start(url.toString())).rejects.toThrow(/owns 1 tables or functions/);
    await db.pool.query(`DROP TABLE public.${role}_scratch`);
    const server = await start(url.toString());
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.close();
  });
});
