/**
 * Migration 0015 as an upgrade: a database filled under 0014 (through the
 * triggers, as the server wrote it; `npm run seed` refuses a database with
 * pending migrations) gets the derived links of every interaction already
 * there, without audit rows or moved stamps, and principal_activity_summary
 * then counts the interactions that 0014's view missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import { createCrmGraph, createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, uuid } from '../../testing/crm-rows.ts';

async function stepsAfter0014(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0015').length;
}

const SUMMARY = `SELECT name, interactions_count::int AS n, engagement_level::text AS level
                 FROM principal_activity_summary WHERE workspace_id = $1 ORDER BY name`;

describe('upgrading a filled database from 0014', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  let ownPage: string;
  let withPrincipalContact: string;
  let customerOnly: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0014() });
    t = await createTwoTenants(db.pool);
    for (const tenant of [t.a, t.b])
      await createCrmGraph(db.pool, tenant.workspaceId, tenant.users.owner);
    // In A: a second principal with an interaction on its own page and one with its contact,
    // and a call with the customer's chef that names no opportunity.
    const ws = t.a.workspaceId;
    const principal = uuid();
    const contact = uuid();
    await db.pool.query(
      `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $2, 'Sunrise Dairy', true)`,
      [principal, ws],
    );
    await db.pool.query(
      `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $2, $3, 'Sam')`,
      [contact, ws, principal],
    );
    [ownPage, withPrincipalContact, customerOnly] = [uuid(), uuid(), uuid()];
    const chef = (
      await one<{ id: string }>(
        db.pool,
        `SELECT id FROM contacts WHERE workspace_id = $1 AND first_name = 'Dana'`,
        [ws],
      )
    ).id;
    await db.pool.query(
      `INSERT INTO interactions (id, workspace_id, interaction_type, organization_id, contact_id) VALUES
         ($1, $4, 'Meeting', $5, NULL), ($2, $4, 'Phone Call', NULL, $6), ($3, $4, 'Phone Call', NULL, $7)`,
      [ownPage, withPrincipalContact, customerOnly, ws, principal, contact, chef],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('derives the links of existing interactions, as a schema backfill (no audit rows, no stamps moved)', async () => {
    const before = await db.pool.query(
      `SELECT name, interactions_count::int AS n FROM principal_activity_summary WHERE workspace_id = $1 ORDER BY name`,
      [t.a.workspaceId],
    );
    expect(before.rows).toEqual([
      { name: 'Saucy Foods', n: 1 },
      { name: 'Sunrise Dairy', n: 0 }, // the gap 0015 closes
    ]);
    const audit = await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log');
    const stamps = await db.pool.query('SELECT id, updated_at FROM interactions ORDER BY id');

    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran[0]).toBe('0015_interaction-principals');

    const { rows: links } = await db.pool.query(
      `SELECT i.id AS interaction_id, o.name, ip.source::text, ip.deleted_at IS NULL AS live
       FROM interaction_principals ip JOIN interactions i ON i.id = ip.interaction_id
       JOIN organizations o ON o.id = ip.principal_id WHERE ip.workspace_id = $1 ORDER BY o.name, i.id`,
      [t.a.workspaceId],
    );
    const graphInteraction = (
      await one<{ id: string }>(
        db.pool,
        `SELECT id FROM interactions WHERE workspace_id = $1 AND opportunity_id IS NOT NULL`,
        [t.a.workspaceId],
      )
    ).id;
    expect(links).toEqual([
      { interaction_id: graphInteraction, name: 'Saucy Foods', source: 'derived', live: true },
      ...[ownPage, withPrincipalContact]
        .sort()
        .map((id) => ({
          interaction_id: id,
          name: 'Sunrise Dairy',
          source: 'derived',
          live: true,
        })),
    ]);
    expect(links.some((l) => l.interaction_id === customerOnly)).toBe(false);
    // B's interaction got its own link, in B.
    const inB = await one<{ n: number }>(
      db.pool,
      'SELECT count(*)::int AS n FROM interaction_principals WHERE workspace_id = $1',
      [t.b.workspaceId],
    );
    expect(inB.n).toBe(1);
    expect((await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log')).n).toBe(
      audit.n,
    );
    expect(
      (await db.pool.query('SELECT id, updated_at FROM interactions ORDER BY id')).rows,
    ).toEqual(stamps.rows);

    expect((await db.pool.query(SUMMARY, [t.a.workspaceId])).rows).toEqual([
      { name: 'Saucy Foods', n: 1, level: 'High' },
      { name: 'Sunrise Dairy', n: 2, level: 'High' },
    ]);
  });

  it('goes down (0014 view back, table gone) and up again with the same links', async () => {
    const count = 'SELECT count(*)::int AS n FROM interaction_principals';
    const links = (await one<{ n: number }>(db.pool, count)).n;
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0014() });
    expect(
      (await db.pool.query(`SELECT to_regclass('public.interaction_principals') AS t`)).rows[0].t,
    ).toBeNull();
    await migrate({ databaseUrl: db.url, direction: 'up' });
    expect((await one<{ n: number }>(db.pool, count)).n).toBe(links);
  });
});
