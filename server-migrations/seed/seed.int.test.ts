/**
 * The seed against real PostgreSQL: the CLI as a child process (as `npm run
 * seed` runs it) into one database, the same seed in-process into another, then
 * checks on what landed: sizes, coverage of every enum, trigger-derived data,
 * audit rows, determinism, the demo password, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../identity/password-hash.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { Anchor } from './dates.ts';
import { generateWorkspace, workspaceTenancy } from './generate.ts';
import {
  ADVOCACY_STATUSES,
  INTERACTION_TYPES,
  MEMBER_ROLES,
  OPPORTUNITY_STAGES,
  SENTIMENTS,
} from '../../sync/schema/index.ts';
import { DEFAULT_PASSWORD, HELP, parseDatabaseUrl, parseSeedArgs, UsageError } from './options.ts';
import { runSeed, type SeedResult } from './seed.ts';
import { cli, count, digest, envWith } from '../testing/seed-cli.ts';

const ANCHOR = '2025-03-14';
// prettier-ignore
const ARGS = ['--workspaces', '2', '--interactions', '300', '--reps', '2', '--seed', 'vitest', '--anchor-date', ANCHOR];

let cliDb: TestDatabase;
let libDb: TestDatabase;
let emptyDb: TestDatabase;
let cliRun: { code: number; stdout: string; stderr: string };
let json: SeedResult;

beforeAll(async () => {
  [cliDb, libDb, emptyDb] = await Promise.all([
    createTestDatabase(),
    createTestDatabase(),
    createTestDatabase({ empty: true }),
  ]);
  const options = parseSeedArgs(ARGS);
  [cliRun] = await Promise.all([
    cli([...ARGS, '--json'], envWith(cliDb.url)),
    runSeed(libDb.url, options),
  ]);
  json = JSON.parse(cliRun.stdout) as SeedResult;
});
afterAll(async () => {
  await Promise.all([cliDb?.drop(), libDb?.drop(), emptyDb?.drop()]);
});

describe('npm run seed', () => {
  it('runs as a CLI and prints exactly one JSON object on stdout', () => {
    expect(cliRun.code).toBe(0);
    expect(cliRun.stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['workspaces', 'users', 'counts']));
    expect(cliRun.stderr).toContain('ws2'); // progress went to stderr
  });

  it('reports what is in the database', async () => {
    const byId = <T extends { id: string }>(rows: T[]) =>
      [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const { rows: ws } = await cliDb.pool.query('SELECT id, name FROM workspaces');
    expect(byId(json.workspaces)).toEqual(byId(ws));
    const { rows: users } = await cliDb.pool.query(
      `SELECT u.id, u.email, u.display_name, m.role::text AS role, m.workspace_id
       FROM users u JOIN workspace_members m ON m.user_id = u.id`,
    );
    expect(new Set(json.users.map((u) => u.password))).toEqual(new Set([DEFAULT_PASSWORD]));
    expect(byId(json.users.map(({ password: _, ...u }) => u))).toEqual(byId(users));
    for (const table of [
      'organizations',
      'contacts',
      'products',
      'opportunities',
      'opportunity_products',
      'opportunity_principals',
      'interactions',
      'audit_log',
      'workspace_members',
      'user_credentials',
    ]) {
      expect(json.counts[table], table).toBe(
        await count(cliDb, `SELECT count(*) AS n FROM public.${table}`),
      );
    }
  });

  it('links interactions to principals as a broker would: mostly one, some two or three, some none', async () => {
    const chosen = json.counts.chosen_interaction_principals ?? 0;
    const derived = json.counts.derived_interaction_principals ?? 0;
    expect(chosen + derived).toBe(
      await count(cliDb, 'SELECT count(*) AS n FROM interaction_principals'),
    );
    const { rows } = await cliDb.pool.query<{ principals: number; n: number }>(`
      SELECT principals, count(*)::int AS n FROM (
        SELECT i.id, count(DISTINCT ip.principal_id)::int AS principals FROM interactions i
        LEFT JOIN interaction_principals ip ON ip.interaction_id = i.id AND ip.deleted_at IS NULL
        WHERE i.deleted_at IS NULL GROUP BY i.id) s
      GROUP BY principals`);
    const total = rows.reduce((a, r) => a + r.n, 0);
    const share: Record<number, number> = { 0: 0, 1: 0, 2: 0, 3: 0 };
    for (const r of rows) share[Math.min(r.principals, 3)]! += r.n / total;
    expect(share[1]).toBeGreaterThan(0.5);
    expect((share[2] ?? 0) + (share[3] ?? 0)).toBeGreaterThan(0.03);
    expect(share[0]).toBeGreaterThan(0.01);
    // Users chose some of them; the server derived the rest.
    expect(chosen).toBeGreaterThan(0);
    expect(derived).toBeGreaterThan(chosen);
  });

  it('creates the requested sizes', () => {
    const { sizes } = parseSeedArgs(ARGS);
    expect(json.counts).toMatchObject({
      workspaces: 2,
      users: 2 * 6,
      interactions: 600,
      opportunities: 2 * sizes.opportunities,
      principals: 2 * sizes.principals,
      distributors: 2 * sizes.distributors,
      customers: 2 * sizes.customers,
      contacts: 2 * sizes.contacts,
      products: 2 * sizes.products,
    });
    expect(json.users.map((u) => u.email)).toContain('rep2@ws2.pantry.demo');
  });

  it('covers every role, stage, type, sentiment, advocacy status and follow-up state in each workspace', async () => {
    for (const { id } of json.workspaces) {
      const values = async (sql: string) =>
        (await cliDb.pool.query<{ v: string }>(sql, [id])).rows.map((r) => r.v).sort();
      expect(
        await values(`SELECT DISTINCT role::text v FROM workspace_members WHERE workspace_id = $1`),
      ).toEqual([...MEMBER_ROLES].sort());
      expect(
        await values(
          `SELECT DISTINCT stage::text v FROM opportunities WHERE workspace_id = $1 AND deleted_at IS NULL`,
        ),
      ).toEqual([...OPPORTUNITY_STAGES].sort());
      expect(
        await values(
          `SELECT DISTINCT interaction_type::text v FROM interactions WHERE workspace_id = $1 AND deleted_at IS NULL`,
        ),
      ).toEqual([...INTERACTION_TYPES].sort());
      expect(
        await values(
          `SELECT DISTINCT sentiment::text v FROM interactions WHERE workspace_id = $1 AND deleted_at IS NULL`,
        ),
      ).toEqual([...SENTIMENTS].sort());
      expect(
        await values(
          `SELECT DISTINCT advocacy_status::text v FROM contacts WHERE workspace_id = $1 AND deleted_at IS NULL`,
        ),
      ).toEqual([...ADVOCACY_STATUSES].sort());
      expect(
        await values(
          `SELECT DISTINCT CASE WHEN follow_up_done_at IS NOT NULL THEN 'done' WHEN follow_up_date < '${ANCHOR}' THEN 'overdue'
                WHEN follow_up_date = '${ANCHOR}' THEN 'due' ELSE 'upcoming' END v
         FROM interactions WHERE workspace_id = $1 AND follow_up_required AND deleted_at IS NULL`,
        ),
      ).toEqual(['done', 'due', 'overdue', 'upcoming']);
      expect(
        await count(
          cliDb,
          `SELECT count(*) n FROM contacts WHERE workspace_id = $1 AND is_key_contact`,
          [id],
        ),
      ).toBeGreaterThan(0);
      expect(
        await count(
          cliDb,
          `SELECT count(*) n FROM interactions WHERE workspace_id = $1 AND deleted_at IS NOT NULL`,
          [id],
        ),
      ).toBeGreaterThan(0);
    }
    const dates = await cliDb.pool.query(
      `SELECT min(interaction_date) AS first, max(interaction_date) AS last FROM interactions`,
    );
    expect(dates.rows[0].first.getTime()).toBeGreaterThanOrEqual(
      Date.parse(`${ANCHOR}T00:00:00Z`) - 366 * 86_400_000,
    );
    expect(dates.rows[0].last.getTime()).toBeLessThan(Date.parse(`${ANCHOR}T00:00:00Z`));
  });

  it('lets the triggers derive opportunity principals, last interactions and the audit trail', async () => {
    expect(json.counts.opportunity_principals).toBeGreaterThan(0);
    expect(
      await count(
        cliDb,
        `
      SELECT count(*) n FROM (
        SELECT DISTINCT op.opportunity_id, p.principal_id FROM opportunity_products op JOIN products p ON p.id = op.product_id
        EXCEPT SELECT opportunity_id, principal_id FROM opportunity_principals WHERE deleted_at IS NULL) missing`,
      ),
    ).toBe(0);
    for (const [table, column] of [
      ['organizations', 'organization_id'],
      ['contacts', 'contact_id'],
      ['opportunities', 'opportunity_id'],
    ]) {
      expect(
        await count(
          cliDb,
          `SELECT count(*) n FROM ${table} t WHERE last_interaction_at IS NOT NULL`,
        ),
      ).toBeGreaterThan(0);
      expect(
        await count(
          cliDb,
          `
        SELECT count(*) n FROM ${table} t WHERE last_interaction_at IS DISTINCT FROM (
          SELECT max(interaction_date) FROM interactions i WHERE i.${column} = t.id AND i.deleted_at IS NULL)`,
        ),
        table,
      ).toBe(0);
    }
    expect(
      await count(
        cliDb,
        `SELECT count(*) n FROM audit_log WHERE table_name = 'interactions' AND action = 'insert'`,
      ),
    ).toBe(600);
    expect(
      await count(cliDb, `SELECT count(*) n FROM audit_log WHERE action = 'soft_delete'`),
    ).toBeGreaterThan(0);
    // Actors and row stamps are the workspace's own members (only the workspace row itself is the seed's).
    expect(
      await count(
        cliDb,
        `
      SELECT count(*) n FROM audit_log a WHERE a.table_name <> 'workspaces' AND NOT EXISTS (
        SELECT 1 FROM workspace_members m WHERE m.workspace_id = a.workspace_id AND m.user_id = a.actor_id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        cliDb,
        `
      SELECT count(*) n FROM interactions i WHERE NOT EXISTS (
        SELECT 1 FROM workspace_members m WHERE m.workspace_id = i.workspace_id AND m.user_id = i.created_by AND m.role <> 'viewer')`,
      ),
    ).toBe(0);
  });

  it('is deterministic: the same seed and anchor give the same rows and UUIDv7-shaped ids', async () => {
    expect(await digest(libDb)).toEqual(await digest(cliDb));
    expect(json.workspaces[0]!.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(workspaceTenancy('another', 1, 2).workspace.id).not.toBe(json.workspaces[0]!.id);
    // Ids and names follow the seed alone; the anchor moves only the dates.
    const { sizes } = parseSeedArgs(ARGS);
    const [a, b] = ['2025-03-14', '2026-01-01'].map((d) =>
      generateWorkspace('vitest', 1, sizes, new Anchor(d)),
    );
    expect(b!.interactions.map((i) => i.id)).toEqual(a!.interactions.map((i) => i.id));
    expect(b!.organizations.map((o) => o.name)).toEqual(a!.organizations.map((o) => o.name));
  });

  it('stores a hash the sync server verifies with the demo password', async () => {
    const { rows } = await cliDb.pool.query<{ password_hash: string }>(
      `SELECT c.password_hash FROM user_credentials c JOIN users u ON u.id = c.user_id WHERE u.email = 'owner@ws1.pantry.demo'`,
    );
    expect(await verifyPassword(DEFAULT_PASSWORD, rows[0]!.password_hash)).toBe(true);
    expect(await verifyPassword('not-the-password', rows[0]!.password_hash)).toBe(false);
  });

  it('refuses a database seeded before, without writing anything', async () => {
    const before = await count(libDb, 'SELECT count(*) n FROM audit_log');
    await expect(runSeed(libDb.url, parseSeedArgs(ARGS))).rejects.toThrow(
      /already holds demo data/,
    );
    expect(await count(libDb, 'SELECT count(*) n FROM audit_log')).toBe(before);
  });

  it('refuses an unmigrated database and leaves it untouched', async () => {
    await expect(runSeed(emptyDb.url, parseSeedArgs(ARGS))).rejects.toThrow(
      /not migrated.*npm run migrate/,
    );
    expect(
      await count(emptyDb, `SELECT count(*) n FROM pg_namespace WHERE nspname LIKE 'crm%'`),
    ).toBe(0);
  });

  it('exits 2 with a message on bad flags or a missing DATABASE_URL', async () => {
    const [badValue, noUrl] = await Promise.all([
      cli(['--interactions', 'lots'], envWith(cliDb.url)),
      cli([], envWith()),
    ]);
    expect([badValue.code, noUrl.code]).toEqual([2, 2]);
    expect(badValue.stderr).toContain('--interactions must be a whole number');
    expect(noUrl.stderr).toContain('DATABASE_URL is not set');
    expect(badValue.stdout + noUrl.stdout).toBe('');
  });

  it('validates flag values, DATABASE_URL and derived sizes', () => {
    expect(() => parseSeedArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseSeedArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(() => parseDatabaseUrl({ DATABASE_URL: 'mysql://nope' })).toThrow(
      /DATABASE_URL must look like postgres:\/\//,
    );
    expect(parseDatabaseUrl({ DATABASE_URL: 'postgresql://u:p@db:5432/pantry' })).toBe(
      'postgresql://u:p@db:5432/pantry',
    );
    for (const flag of [
      '--workspaces',
      '--interactions',
      '--seed',
      '--anchor-date',
      '--password',
      '--json',
    ])
      expect(HELP).toContain(flag);
    expect(() => parseSeedArgs(['--anchor-date', '2025-02-30'])).toThrow(/calendar date/);
    expect(() => parseSeedArgs(['--workspaces', '0'])).toThrow(/at least 1/);
    expect(() => parseSeedArgs(['--password', 'short'])).toThrow(/at least 8/);
    expect(() => parseSeedArgs(['--organizations', '5'])).toThrow(
      /--organizations must be at least/,
    );
    expect(() => parseSeedArgs(['--seed'])).toThrow(/argument missing/);
    expect(parseSeedArgs([], '2030-01-02')).toMatchObject({
      workspaces: 1,
      seed: '1',
      anchorDate: '2030-01-02',
      json: false,
    });
  });
});
