/**
 * crm_private.dashboard_stats: materialized per-workspace counts, refreshed by
 * refresh_dashboard_stats() and read only through get_dashboard_stats(), which
 * returns the caller's workspaces. Soft-deleted rows never count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createCrmGraph, createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, one, uuid } from './support.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  const ws = t.a.workspaceId;
  // createCrmGraph: principal, distributor, customer, one contact, one open opportunity
  // (New Lead), one interaction now with a follow-up in 3 days.
  const g = await createCrmGraph(db.pool, ws, t.a.users.rep);
  const trashed = await insertOrganization(db.pool, ws, 'Trashed Org');
  await db.pool.query(`UPDATE organizations SET deleted_at = now() WHERE id = $1`, [trashed]);
  await db.pool.query(
    `INSERT INTO contacts (id, workspace_id, organization_id, first_name, deleted_at) VALUES ($1, $3, $4, 'Live', NULL), ($2, $3, $4, 'Gone', now())`,
    [uuid(), uuid(), ws, g.customerId],
  );
  await db.pool.query(
    `INSERT INTO opportunities (workspace_id, name, organization_id, stage, deleted_at) VALUES
       ($1, 'Won one', $2, 'Closed - Won', NULL), ($1, 'Stalled one', $2, 'Closed - Stalled', NULL),
       ($1, 'No fit', $2, 'Closed - No Fit', NULL), ($1, 'Outreach', $2, 'Initial Outreach', NULL),
       ($1, 'Trashed win', $2, 'Closed - Won', now()), ($1, 'Trashed lead', $2, 'New Lead', now())`,
    [ws, g.customerId],
  );
  await db.pool.query(
    `INSERT INTO interactions (workspace_id, interaction_type, contact_id, interaction_date, follow_up_required, follow_up_date, follow_up_done_at, deleted_at) VALUES
       ($1, 'Email', $2, now() - interval '29 days', true, current_date - 1, NULL,  NULL),
       ($1, 'Email', $2, now() - interval '31 days', true, current_date - 4, NULL,  NULL),
       ($1, 'Email', $2, now() - interval '2 days',  true, current_date - 4, now(), NULL),
       ($1, 'Email', $2, now() - interval '2 days',  true, current_date - 4, NULL,  now())`,
    [ws, g.contactId],
  );
  await createCrmGraph(db.pool, t.b.workspaceId, t.b.users.rep);
});
afterAll(async () => {
  await db.drop();
});

const READ = `SELECT workspace_id, organizations_count::int, principals_count::int, contacts_count::int,
                     open_opportunities_count::int, won_opportunities_count::int,
                     interactions_last_30_days::int, overdue_follow_ups_count::int,
                     refreshed_at = now() AS refreshed_now
              FROM get_dashboard_stats()`;

describe('dashboard stats', () => {
  it("returns nothing for a workspace until the stats are refreshed, then the caller's workspace only", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect((await c.query(READ)).rows).toEqual([]);
      await c.query(`SELECT refresh_dashboard_stats()`);
      expect((await c.query(READ)).rows).toEqual([
        {
          workspace_id: t.a.workspaceId,
          organizations_count: 3, // principal, distributor, customer (the trashed one does not count)
          principals_count: 1,
          contacts_count: 2, // Dana + Live
          open_opportunities_count: 2, // the graph's New Lead + Initial Outreach
          won_opportunities_count: 1,
          interactions_last_30_days: 3, // the graph's, 29 days, the done one (2 days); not 31 days, not deleted
          overdue_follow_ups_count: 2, // 29 days (due yesterday) and 31 days; not done, not deleted, not in 3 days
          refreshed_now: true,
        },
      ]);
    });
  });

  it('keeps the last numbers until the next refresh', async () => {
    await actAs(
      db.pool,
      t.a.users.rep,
      async (c) => {
        await c.query(`SELECT refresh_dashboard_stats()`);
      },
      { commit: true },
    );
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Fresh Org')`,
        [uuid(), t.a.workspaceId],
      );
      expect(
        await one(c, `SELECT organizations_count::int AS n FROM get_dashboard_stats()`),
      ).toEqual({ n: 3 });
      await c.query(`SELECT refresh_dashboard_stats()`);
      expect(
        await one(c, `SELECT organizations_count::int AS n FROM get_dashboard_stats()`),
      ).toEqual({ n: 4 });
    });
  });

  it('counts every workspace on refresh, whoever refreshes, but shows each caller only theirs', async () => {
    await actAs(db.pool, t.b.users.viewer, async (c) => {
      await c.query(`SELECT refresh_dashboard_stats()`);
      const { rows } = await c.query(
        `SELECT workspace_id, organizations_count::int AS n FROM get_dashboard_stats()`,
      );
      expect(rows).toEqual([{ workspace_id: t.b.workspaceId, n: 3 }]);
    });
    await actAs(db.pool, t.stranger, async (c) => {
      expect((await c.query(READ)).rows).toEqual([]);
    });
    const all = await db.pool.query(`SELECT count(*)::int AS n FROM crm_private.dashboard_stats`);
    expect(all.rows).toEqual([{ n: 2 }]);
  });

  it('is not readable directly by the client role', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      expect((await sqlError(c, `SELECT * FROM crm_private.dashboard_stats`))?.code).toBe('42501');
    });
  });
});
