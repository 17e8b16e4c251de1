/**
 * Migration 0013: an organization's kind is explicit (principal, distributor,
 * customer, any combination, at least one). Tested as an upgrade of a database
 * filled under 0012, where "customer" meant "neither box ticked" (written
 * through the triggers, as the server wrote it; `npm run seed` refuses a
 * database with pending migrations), and as the rules a client meets afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createCrmGraph, createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, one, uuid } from '../../testing/crm-rows.ts';

const KINDS = `SELECT count(*) FILTER (WHERE is_customer)::int AS customers,
                      count(*) FILTER (WHERE NOT is_principal AND NOT is_distributor)::int AS unticked,
                      count(*) FILTER (WHERE is_customer AND (is_principal OR is_distributor))::int AS mixed,
                      count(*)::int AS total
               FROM organizations`;

/** How many migrations come after 0012: going down that many leaves a database at 0012, whatever is added later. */
async function stepsAfter0012(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0013').length;
}

describe('upgrading a seeded database from 0012', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0012() });
    const t = await createTwoTenants(db.pool);
    for (const tenant of [t.a, t.b]) {
      for (let i = 0; i < 3; i++)
        await createCrmGraph(db.pool, tenant.workspaceId, tenant.users.owner);
    }
  });
  afterAll(async () => {
    await db.drop();
  });

  it('marks exactly the organizations with neither box as customers, without touching them otherwise', async () => {
    const before = await db.pool.query<{
      id: string;
      updated_at: Date;
      is_principal: boolean;
      is_distributor: boolean;
    }>('SELECT id, updated_at, is_principal, is_distributor FROM organizations ORDER BY id');
    const audit = await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log');
    expect(before.rows.length).toBe(18);

    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran[0]).toBe('0013_organization-customer-kind');

    const kinds = await one<{ customers: number; unticked: number; mixed: number; total: number }>(
      db.pool,
      KINDS,
    );
    expect(kinds.customers).toBe(kinds.unticked);
    expect(kinds.customers).toBe(6);
    expect(kinds.mixed).toBe(0);
    const after = await db.pool.query<{
      id: string;
      updated_at: Date;
      is_principal: boolean;
      is_distributor: boolean;
    }>('SELECT id, updated_at, is_principal, is_distributor FROM organizations ORDER BY id');
    // A schema backfill, not an edit: no stamp moved and no audit row was written.
    expect(after.rows).toEqual(before.rows);
    expect((await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log')).n).toBe(
      audit.n,
    );
  });

  it('goes down and up again', async () => {
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0012() });
    await migrate({ databaseUrl: db.url, direction: 'up' });
    const kinds = await one<{ customers: number; unticked: number }>(db.pool, KINDS);
    expect(kinds.customers).toBe(kinds.unticked);
  });
});

describe('the kind rules after the upgrade', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTwoTenants(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('an insert with neither box and no is_customer (a desktop of the previous version) becomes a customer', async () => {
    const id = await insertOrganization(db.pool, t.a.workspaceId, 'Elm Street Bistro');
    const principal = await insertOrganization(db.pool, t.a.workspaceId, 'Saucy Foods', {
      principal: true,
    });
    const rows = await db.pool.query<{ id: string; is_customer: boolean }>(
      'SELECT id, is_customer FROM organizations WHERE id = ANY($1)',
      [[id, principal]],
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.is_customer]))).toEqual({
      [id]: true,
      [principal]: false,
    });
  });

  it('a distributor that also buys can be a customer too, and a rep may set the kind', async () => {
    const id = uuid();
    await actAs(
      db.pool,
      t.a.users.rep,
      async (c) => {
        await c.query(
          'INSERT INTO organizations (id, workspace_id, name, is_distributor, is_customer) VALUES ($1, $2, $3, true, true)',
          [id, t.a.workspaceId, 'Cash & Carry North'],
        );
        await c.query('UPDATE organizations SET is_customer = false WHERE id = $1', [id]);
      },
      { commit: true },
    );
    const row = await one<{ is_distributor: boolean; is_customer: boolean }>(
      db.pool,
      'SELECT is_distributor, is_customer FROM organizations WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ is_distributor: true, is_customer: false });
  });

  it('an organization of no kind at all is refused, naming the rule', async () => {
    const id = await insertOrganization(db.pool, t.a.workspaceId, 'Harbor Grill');
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(
        await sqlError(c, 'UPDATE organizations SET is_customer = false WHERE id = $1', [id]),
      ).toMatchObject({
        code: '23514',
        constraint: 'organizations_has_a_kind',
      });
    });
  });
});
