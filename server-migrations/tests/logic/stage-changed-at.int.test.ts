/**
 * opportunities.stage_changed_at is kept by the server (crm.track_stage_change):
 * set on insert, moved only when the stage really changes, never taken from
 * the writer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, one, rewriteWithoutTriggers } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let g: CrmGraph;
let backdated: string;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.rep);
  // Put the last stage change well in the past, so "kept" and "moved" differ by days.
  await rewriteWithoutTriggers(db.pool, 'opportunities', [g.opportunityId], {
    stage_changed_at: "now() - interval '10 days'",
  });
  backdated = (
    await one<{ at: string }>(
      db.pool,
      `SELECT stage_changed_at::text AS at FROM opportunities WHERE id = $1`,
      [g.opportunityId],
    )
  ).at;
});
afterAll(async () => {
  await db.drop();
});

const READ = `SELECT stage, stage_changed_at::text AS at, stage_changed_at = now() AS moved_now FROM opportunities WHERE id = $1`;

describe('stage_changed_at', () => {
  it('is the insert time on a new opportunity, whatever the writer sent', async () => {
    await asSuperuser(db.pool, async (c) => {
      await c.query(
        `INSERT INTO opportunities (id, workspace_id, name, organization_id, stage, stage_changed_at)
         VALUES (gen_random_uuid(), $1, 'Backdated lead', $2, 'Initial Outreach', '2001-01-01')`,
        [t.a.workspaceId, g.customerId],
      );
      const r = await one(
        c,
        `SELECT stage_changed_at = now() AS moved_now FROM opportunities WHERE name = 'Backdated lead'`,
      );
      expect(r).toEqual({ moved_now: true });
    });
  });

  it('stays put when other columns change', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(
        `UPDATE opportunities SET notes = 'Chef wants a second sample', context = 'Food Show' WHERE id = $1`,
        [g.opportunityId],
      );
      expect(await one(c, READ, [g.opportunityId])).toEqual({
        stage: 'New Lead',
        at: backdated,
        moved_now: false,
      });
    });
  });

  it('stays put when the stage is written with its current value', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET stage = 'New Lead' WHERE id = $1`, [g.opportunityId]);
      expect(await one(c, READ, [g.opportunityId])).toEqual({
        stage: 'New Lead',
        at: backdated,
        moved_now: false,
      });
    });
  });

  it('moves to the time of the change when the stage changes', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET stage = 'Sample/Visit Offered' WHERE id = $1`, [
        g.opportunityId,
      ]);
      const r = await one<{ stage: string; at: string; moved_now: boolean }>(c, READ, [
        g.opportunityId,
      ]);
      expect(r.stage).toBe('Sample/Visit Offered');
      expect(r.moved_now).toBe(true);
      expect(r.at).not.toBe(backdated);
    });
  });

  it('cannot be set directly, even by a role with every column grant', async () => {
    await asSuperuser(
      db.pool,
      async (c) => {
        await c.query(`UPDATE opportunities SET stage_changed_at = '2001-01-01' WHERE id = $1`, [
          g.opportunityId,
        ]);
        expect(await one(c, READ, [g.opportunityId])).toEqual({
          stage: 'New Lead',
          at: backdated,
          moved_now: false,
        });
      },
      { userId: t.a.users.manager },
    );
  });

  it('is kept by the last_interaction_at refresh that touches the opportunity', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id) VALUES (gen_random_uuid(), $1, 'Email', $2)`,
        [t.a.workspaceId, g.opportunityId],
      );
      const r = await one(
        c,
        `SELECT stage_changed_at::text AS at, last_interaction_at = now() AS touched FROM opportunities WHERE id = $1`,
        [g.opportunityId],
      );
      expect(r).toEqual({ at: backdated, touched: true });
    });
  });
});
