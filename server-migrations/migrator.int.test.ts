/**
 * The migration runner against a real PostgreSQL: up, down to zero and up again
 * give an identical catalog; an edited applied migration is refused; two
 * runners at once apply each migration once; the CLI reports status.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, migrationStatus, readMigrationFiles } from './migrator.ts';
import { dumpCatalog } from './testing/catalog-dump.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

const run = promisify(execFile);

async function catalogOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await dumpCatalog(client);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  let empty: TestDatabase;
  let templated: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase({ empty: true });
    templated = await createTestDatabase();
  });
  afterAll(async () => {
    await empty.drop();
    await templated.drop();
  });

  it('apply on an empty database, go down to zero and up again to an identical schema', async () => {
    const files = await readMigrationFiles();
    const first = await migrate({ databaseUrl: empty.url, direction: 'up' });
    expect(first.ran).toEqual(files.map((f) => f.name));
    const afterUp = await catalogOf(empty.url);
    expect(afterUp.length).toBeGreaterThan(300);
    expect(afterUp).toEqual(await catalogOf(templated.url));

    const down = await migrate({ databaseUrl: empty.url, direction: 'down', count: Infinity });
    expect(down.ran).toEqual(files.map((f) => f.name).reverse());
    const afterDown = await catalogOf(empty.url);
    expect(afterDown.filter((l) => !l.startsWith('schema: public '))).toEqual([]);

    await migrate({ databaseUrl: empty.url, direction: 'up' });
    expect(await catalogOf(empty.url)).toEqual(afterUp);
    const status = await migrationStatus(empty.url);
    expect(status.pending).toEqual([]);
    expect(status.changed).toEqual([]);
  });

  it('refuses to run when an applied migration was edited, and status names it', async () => {
    const db = await createTestDatabase({ empty: true });
    try {
      const dir = await mkdtemp(path.join(tmpdir(), 'pantry-migrations-'));
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await migrate({ databaseUrl: db.url, direction: 'up', dir });
      const file = path.join(dir, '0003_crm-tables.sql');
      await writeFile(file, (await readFile(file, 'utf8')).replace('-- Up Migration', '-- Up Migration\n-- edited later'));
      await expect(migrate({ databaseUrl: db.url, direction: 'up', dir })).rejects.toMatchObject({
        code: 'checksum_mismatch',
        message: expect.stringMatching(/migration 0003_crm-tables was changed after it was applied.*new migration/),
      });
      await expect(migrate({ databaseUrl: db.url, direction: 'down', dir })).rejects.toMatchObject({
        code: 'checksum_mismatch',
      });
      expect((await migrationStatus(db.url, dir)).changed).toEqual(['0003_crm-tables']);
    } finally {
      await db.drop();
    }
  });

  it('lets two runners race and applies each migration exactly once', async () => {
    const db = await createTestDatabase({ empty: true });
    try {
      const [a, b] = await Promise.all([
        migrate({ databaseUrl: db.url, direction: 'up' }),
        migrate({ databaseUrl: db.url, direction: 'up' }),
      ]);
      const files = await readMigrationFiles();
      expect([...a.ran, ...b.ran].sort()).toEqual(files.map((f) => f.name).sort());
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM crm_migrations.pgmigrations');
      expect(rows[0].n).toBe(files.length);
    } finally {
      await db.drop();
    }
  });

  it('`npm run migrate -- status` lists applied and pending migrations', async () => {
    const cli = path.join(path.dirname(MIGRATIONS_DIR), 'cli.ts');
    const env = { ...process.env, DATABASE_URL: templated.url };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'status'], { env });
    const files = await readMigrationFiles();
    expect(stdout).toContain(`${files.length} applied, 0 pending`);
    expect(stdout).toMatch(/^applied {2}0001_roles-enums-identity /m);

    const failure = await run(process.execPath, ['--import', 'tsx', cli, 'sideways'], { env }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('unrecognised arguments: sideways') });
  });
});
