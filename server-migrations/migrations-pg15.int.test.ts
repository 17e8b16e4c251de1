/**
 * The oldest PostgreSQL we support: the same migrations must apply cleanly on
 * 15 (embedded 15 build from npm), go down to zero and up again.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from './migrator.ts';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres/embedded-postgres.ts';

let pg15: RunningPostgres;
beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'pantry-pg15-'));
  pg15 = await startEmbeddedPostgres({ dataDir: path.join(root, 'data'), persistent: false, version: 15 });
});
afterAll(async () => {
  await pg15?.stop();
});

it('applies, reverts and re-applies every migration on PostgreSQL 15', async () => {
  const client = new pg.Client({ connectionString: pg15.adminUrl });
  await client.connect();
  const version = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  expect(version.rows[0]?.server_version).toMatch(/^15\./);

  const names = (await readMigrationFiles()).map((f) => f.name);
  expect((await migrate({ databaseUrl: pg15.adminUrl, direction: 'up' })).ran).toEqual(names);
  expect((await migrate({ databaseUrl: pg15.adminUrl, direction: 'down', count: Infinity })).ran).toEqual([...names].reverse());
  expect((await migrate({ databaseUrl: pg15.adminUrl, direction: 'up' })).ran).toEqual(names);
});
