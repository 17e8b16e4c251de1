/**
 * The reporting views with real data, read as a signed-in rep (the views are
 * security_invoker, so RLS applies): principal_activity_summary, follow_ups_due
 * and pipeline_by_stage. Soft-deleted rows at every level must not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
const ids: Record<string, string> = {};
const id = (name: string): string => (ids[name] ??= uuid());

/**
 * Workspace a, as a broker's week looks:
 *   saucy (principal): products s1, s2, s3 (s3 soft-deleted)
 *   greens (principal): product g1; idle (principal): nothing; gone (principal, soft-deleted)
 *   opp1 (New Lead) s1+s2 -> saucy; opp2 (Demo Scheduled) s1+g1 -> saucy, greens
 *   opp3 (Closed - Won, soft-deleted) g1; opp4 (New Lead) s2 with the line removed
 * Interactions per opportunity (days ago, follow-up):
 *   opp1: 3d overdue follow-up; 10d; 40d; 1d soft-deleted
 *   opp2: 20d follow-up due today; 12d follow-up done
 *   opp3: 1d (deleted opportunity); opp4: 1d (pair removed)
 */
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  const ws = t.a.workspaceId;
  const q = (sql: string, values: unknown[]) => db.pool.query(sql, values);
  ids.saucy = await insertOrganization(db.pool, ws, 'Saucy Foods', { principal: true });
  ids.greens = await insertOrganization(db.pool, ws, 'Crisp Greens', { principal: true });
  ids.idle = await insertOrganization(db.pool, ws, 'Idle Principal', { principal: true });
  ids.gone = await insertOrganization(db.pool, ws, 'Gone Principal', { principal: true });
  ids.c1 = await insertOrganization(db.pool, ws, 'Elm Street Bistro');
  ids.c2 = await insertOrganization(db.pool, ws, 'Harbor Grill');
  ids.other = await insertOrganization(db.pool, t.b.workspaceId, 'Beta Principal', {
    principal: true,
  });
  await q(`UPDATE organizations SET deleted_at = now() WHERE id = $1`, [ids.gone]);
  await q(
    `INSERT INTO products (id, workspace_id, principal_id, name, deleted_at) VALUES
       ($1, $5, $6, 'Chipotle Sauce', NULL), ($2, $5, $6, 'Garlic Aioli', NULL),
       ($3, $5, $6, 'Old Ketchup', now()), ($4, $5, $7, 'Romaine Hearts', NULL)`,
    [id('s1'), id('s2'), id('s3'), id('g1'), ws, ids.saucy, ids.greens],
  );
  await q(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id, stage, deleted_at) VALUES
       ($1, $5, 'Bistro sauces', $6, 'New Lead', NULL), ($2, $5, 'Grill menu', $7, 'Demo Scheduled', NULL),
       ($3, $5, 'Won and trashed', $6, 'Closed - Won', now()), ($4, $5, 'Line removed', $7, 'New Lead', NULL)`,
    [id('opp1'), id('opp2'), id('opp3'), id('opp4'), ws, ids.c1, ids.c2],
  );
  await q(
    `INSERT INTO opportunity_products (workspace_id, opportunity_id, product_id, deleted_at) VALUES
       ($1, $2, $6, NULL), ($1, $2, $7, NULL), ($1, $3, $6, NULL), ($1, $3, $8, NULL),
       ($1, $4, $8, NULL), ($1, $5, $7, now())`,
    [ws, id('opp1'), id('opp2'), id('opp3'), id('opp4'), id('s1'), id('s2'), id('g1')],
  );
  await q(
    `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id, interaction_date,
                               follow_up_required, follow_up_date, follow_up_done_at, deleted_at) VALUES
       ($1, $9, 'Phone Call', $10, now() - interval '3 days',  true,  current_date - 2, NULL, NULL),
       ($2, $9, 'Email',      $10, now() - interval '10 days', false, NULL,             NULL, NULL),
       ($3, $9, 'Meeting',    $10, now() - interval '1 day',   false, NULL,             NULL, now()),
       ($4, $9, 'Meeting',    $11, now() - interval '20 days', true,  current_date,     NULL, NULL),
       ($5, $9, 'Demo/sampled', $11, now() - interval '12 days', true, current_date - 5, now(), NULL),
       ($6, $9, 'Note',       $12, now() - interval '1 day',   false, NULL,             NULL, NULL),
       ($7, $9, 'Note',       $13, now() - interval '1 day',   false, NULL,             NULL, NULL),
       ($8, $9, 'Note',       $10, now() - interval '40 days', false, NULL,             NULL, NULL)`,
    [
      id('i1'),
      id('i2'),
      id('i3'),
      id('i4'),
      id('i5'),
      id('i6'),
      id('i7'),
      id('i8'),
      ws,
      id('opp1'),
      id('opp2'),
      id('opp3'),
      id('opp4'),
    ],
  );
});
afterAll(async () => {
  await db.drop();
});

describe('principal_activity_summary', () => {
  it('counts live opportunities, interactions and products per principal, with last activity and engagement', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const { rows } = await c.query(`
        SELECT name, opportunities_count::int, interactions_count::int, products_count::int,
               round(extract(epoch FROM now() - last_activity_at) / 86400) AS days_since_activity,
               engagement_level::text, follow_ups_due_count::int
        FROM principal_activity_summary ORDER BY name`);
      expect(rows).toEqual([
        // opp2 only (opp3 is deleted); i4 + i5; one product; last i5 12 days ago; i4 due today.
        {
          name: 'Crisp Greens',
          opportunities_count: 1,
          interactions_count: 2,
          products_count: 1,
          days_since_activity: '12',
          engagement_level: 'Medium',
          follow_ups_due_count: 1,
        },
        {
          name: 'Idle Principal',
          opportunities_count: 0,
          interactions_count: 0,
          products_count: 0,
          days_since_activity: null,
          engagement_level: 'Inactive',
          follow_ups_due_count: 0,
        },
        // opp1 + opp2 (opp4's line is removed); i1 i2 i8 + i4 i5 (i3 deleted); s1 s2 (s3 deleted);
        // last i1 3 days ago; i1 overdue + i4 due today (i5 done).
        {
          name: 'Saucy Foods',
          opportunities_count: 2,
          interactions_count: 5,
          products_count: 2,
          days_since_activity: '3',
          engagement_level: 'High',
          follow_ups_due_count: 2,
        },
      ]);
    });
  });

  it('stops counting an opportunity while it is soft-deleted and counts it again on restore', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET deleted_at = now() WHERE id = $1`, [id('opp2')]);
      const { rows } = await c.query(
        `SELECT name, opportunities_count::int, interactions_count::int, engagement_level::text
         FROM principal_activity_summary WHERE name = 'Crisp Greens'`,
      );
      expect(rows).toEqual([
        {
          name: 'Crisp Greens',
          opportunities_count: 0,
          interactions_count: 0,
          engagement_level: 'Inactive',
        },
      ]);
      await c.query(`UPDATE opportunities SET deleted_at = NULL WHERE id = $1`, [id('opp2')]);
      const again = await c.query(
        `SELECT opportunities_count::int FROM principal_activity_summary WHERE name = 'Crisp Greens'`,
      );
      expect(again.rows).toEqual([{ opportunities_count: 1 }]);
    });
  });

  it("shows only the caller's workspaces", async () => {
    const names = async (user: string) =>
      actAs(db.pool, user, async (c) =>
        (await c.query(`SELECT name FROM principal_activity_summary ORDER BY name`)).rows.map(
          (r) => r.name,
        ),
      );
    expect(await names(t.b.users.viewer)).toEqual(['Beta Principal']);
    expect(await names(t.stranger)).toEqual([]);
  });
});

describe('follow_ups_due', () => {
  it('lists open follow-ups with their urgency and leaves out done, deleted and not-required ones', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const extra = { upcoming: uuid(), unscheduled: uuid(), deleted: uuid(), plain: uuid() };
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, organization_id, follow_up_required, follow_up_date, deleted_at) VALUES
           ($1, $5, 'Email', $6, true,  current_date + 2, NULL),
           ($2, $5, 'Email', $6, true,  NULL,             NULL),
           ($3, $5, 'Email', $6, true,  current_date - 9, now()),
           ($4, $5, 'Email', $6, false, NULL,             NULL)`,
        [extra.upcoming, extra.unscheduled, extra.deleted, extra.plain, t.a.workspaceId, ids.c1],
      );
      const { rows } = await c.query<{ interaction_id: string; urgency: string }>(
        `SELECT interaction_id, urgency FROM follow_ups_due`,
      );
      const byId = Object.fromEntries(rows.map((r) => [r.interaction_id, r.urgency]));
      expect(byId).toEqual({
        [id('i1')]: 'overdue',
        [id('i4')]: 'due',
        [extra.upcoming]: 'upcoming',
        [extra.unscheduled]: 'unscheduled',
      });
      // Marking one done takes it off the list.
      await c.query(`UPDATE interactions SET follow_up_done_at = now() WHERE id = $1`, [id('i1')]);
      const after = await c.query(
        `SELECT interaction_id FROM follow_ups_due WHERE interaction_id = $1`,
        [id('i1')],
      );
      expect(after.rows).toEqual([]);
    });
  });

  it('carries the derived organization of each follow-up', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const { rows } = await c.query(
        `SELECT organization_id, opportunity_id FROM follow_ups_due WHERE interaction_id = $1`,
        [id('i4')],
      );
      expect(rows).toEqual([{ organization_id: ids.c2, opportunity_id: id('opp2') }]);
    });
  });
});

describe('pipeline_by_stage', () => {
  it('lists all nine stages in pipeline order with the live opportunity counts', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const { rows } = await c.query(
        `SELECT workspace_id, stage::text, position::int, opportunities_count::int, last_stage_change_at IS NOT NULL AS has_change
         FROM pipeline_by_stage ORDER BY workspace_id, position`,
      );
      expect(new Set(rows.map((r) => r.workspace_id))).toEqual(new Set([t.a.workspaceId]));
      expect(rows.map((r) => [r.position, r.stage, r.opportunities_count, r.has_change])).toEqual([
        [1, 'New Lead', 2, true],
        [2, 'Initial Outreach', 0, false],
        [3, 'Sample/Visit Offered', 0, false],
        [4, 'Awaiting Response', 0, false],
        [5, 'Feedback Logged', 0, false],
        [6, 'Demo Scheduled', 1, true],
        [7, 'Closed - Won', 0, false], // opp3 is soft-deleted
        [8, 'Closed - Stalled', 0, false],
        [9, 'Closed - No Fit', 0, false],
      ]);
    });
  });

  it('moves an opportunity between stages when its stage changes', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET stage = 'Closed - Won' WHERE id = $1`, [id('opp1')]);
      const { rows } = await c.query(
        `SELECT stage::text, opportunities_count::int FROM pipeline_by_stage
         WHERE stage IN ('New Lead', 'Closed - Won') ORDER BY position`,
      );
      expect(rows).toEqual([
        { stage: 'New Lead', opportunities_count: 1 },
        { stage: 'Closed - Won', opportunities_count: 1 },
      ]);
    });
  });

  it('gives an empty workspace nine zero rows', async () => {
    await actAs(db.pool, t.b.users.rep, async (c) => {
      const { rows } = await c.query(
        `SELECT opportunities_count::int AS n FROM pipeline_by_stage ORDER BY position`,
      );
      expect(rows.map((r) => r.n)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    });
  });
});
