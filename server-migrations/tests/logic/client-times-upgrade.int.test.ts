/**
 * Migration 0017 (issue 12): the stage trigger dates a move by the client time
 * the sync server hands it (crm.client_time) and keeps the server's own time in
 * stage_change_received_at. Tested as an upgrade of a database filled under
 * 0014 (rows written through the triggers, as the server wrote them), and as
 * the trigger's rules afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createCrmGraph, createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, rewriteWithoutTriggers } from '../../testing/crm-rows.ts';

/** Going down this many leaves a database at 0014, whatever other numbers are added beside 0017. */
async function stepsAfter0014(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0015').length;
}

describe('upgrading a seeded database from 0014', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  const opportunities: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0014() });
    t = await createTwoTenants(db.pool);
    for (const tenant of [t.a, t.b]) {
      for (let i = 0; i < 3; i++) {
        const g = await createCrmGraph(db.pool, tenant.workspaceId, tenant.users.owner);
        opportunities.push(g.opportunityId);
      }
    }
    // Stage changes of different ages, as years of use leave them.
    await rewriteWithoutTriggers(db.pool, 'opportunities', opportunities.slice(0, 3), {
      stage_changed_at: "now() - interval '40 days'",
    });
    // Deals closed as stalled or no fit before anyone was asked why.
    await rewriteWithoutTriggers(db.pool, 'opportunities', [opportunities[0]!], { stage: "'Closed - Stalled'" });
    await rewriteWithoutTriggers(db.pool, 'opportunities', [opportunities[1]!], { stage: "'Closed - No Fit'" });
    await rewriteWithoutTriggers(db.pool, 'opportunities', [opportunities[2]!], { stage: "'Closed - Won'" });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives every existing row its one known time as both times, touching nothing else', async () => {
    const before = await db.pool.query(
      'SELECT id, stage, stage_changed_at, updated_at, updated_by FROM opportunities ORDER BY id',
    );
    const audit = await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log');
    expect(before.rows).toHaveLength(6);

    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0017_client-times-and-close-reasons');

    const after = await db.pool.query(
      'SELECT id, stage, stage_changed_at, updated_at, updated_by FROM opportunities ORDER BY id',
    );
    expect(after.rows).toEqual(before.rows);
    const differ = await one<{ n: number }>(
      db.pool,
      'SELECT count(*)::int AS n FROM opportunities WHERE stage_change_received_at IS DISTINCT FROM stage_changed_at',
    );
    expect(differ.n).toBe(0);
    // Deals closed so before the question existed carry 'Not recorded'; no other row has a reason.
    const reasons = await db.pool.query('SELECT id, close_reason FROM opportunities WHERE close_reason IS NOT NULL ORDER BY id');
    expect(reasons.rows).toEqual(
      [opportunities[0]!, opportunities[1]!].sort().map((id) => ({ id, close_reason: 'Not recorded' })),
    );
    // A backfill, not anyone's edit: no audit rows.
    expect(await one(db.pool, 'SELECT count(*)::int AS n FROM audit_log')).toEqual(audit);
  });

  it('asks why from now on: a deal cannot be closed as stalled or no fit without a reason', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const refused = await sqlError(c, `UPDATE opportunities SET stage = 'Closed - Stalled' WHERE id = $1`, [opportunities[2]!]);
      expect(refused).toMatchObject({ code: '23514', constraint: 'opportunities_close_reason_required' });
      await c.query(
        `UPDATE opportunities SET stage = 'Closed - No Fit', close_reason = 'Product not a fit', close_reason_note = 'Menu went vegan' WHERE id = $1`,
        [opportunities[2]!],
      );
      // An old stalled deal stays editable: its 'Not recorded' satisfies the rule.
      expect(await sqlError(c, `UPDATE opportunities SET notes = 'Try again in spring' WHERE id = $1`, [opportunities[0]!])).toBeNull();
      expect(await one(c, 'SELECT close_reason, close_reason_note FROM opportunities WHERE id = $1', [opportunities[2]!])).toEqual({
        close_reason: 'Product not a fit',
        close_reason_note: 'Menu went vegan',
      });
    });
  });

  it('clears the reason when a deal leaves those stages, so closing it again asks afresh', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET stage = 'Closed - Stalled', close_reason = 'No response' WHERE id = $1`, [opportunities[2]!]);
      await c.query(`UPDATE opportunities SET stage = 'Feedback Logged' WHERE id = $1`, [opportunities[2]!]);
      expect(await one(c, 'SELECT close_reason, close_reason_note FROM opportunities WHERE id = $1', [opportunities[2]!])).toEqual({
        close_reason: null,
        close_reason_note: null,
      });
      // A reason on an open deal means nothing: it does not stick.
      await c.query(`UPDATE opportunities SET close_reason = 'Other' WHERE id = $1`, [opportunities[2]!]);
      expect(await one(c, 'SELECT close_reason FROM opportunities WHERE id = $1', [opportunities[2]!])).toEqual({ close_reason: null });
    });
  });

  it('dates a move by the client time when one is set, the server time beside it', async () => {
    const id = opportunities[3]!;
    await actAs(db.pool, t.b.users.rep, async (c) => {
      await c.query(`SELECT set_config('crm.client_time', '2026-01-02T03:04:05Z', true)`);
      await c.query(`UPDATE opportunities SET stage = 'Feedback Logged' WHERE id = $1`, [id]);
      const r = await one<{ changed: string; received_now: boolean }>(
        c,
        `SELECT to_char(stage_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS changed,
                stage_change_received_at = now() AS received_now
         FROM opportunities WHERE id = $1`,
        [id],
      );
      expect(r).toEqual({ changed: '2026-01-02T03:04:05', received_now: true });
    });
  });

  it('keeps now() for both without a client time, and keeps both when the stage stays', async () => {
    const id = opportunities[4]!;
    await actAs(db.pool, t.b.users.rep, async (c) => {
      await c.query(`UPDATE opportunities SET stage = 'Demo Scheduled' WHERE id = $1`, [id]);
      expect(
        await one(c, `SELECT stage_changed_at = now() AND stage_change_received_at = now() AS both_now FROM opportunities WHERE id = $1`, [id]),
      ).toEqual({ both_now: true });
    });
    const moved = await one(db.pool, 'SELECT stage_changed_at, stage_change_received_at FROM opportunities WHERE id = $1', [id]);
    // crm_user may not write the server's column at all.
    await expect(
      actAs(db.pool, t.b.users.rep, (c) =>
        c.query(`UPDATE opportunities SET stage_change_received_at = now() - interval '1 year' WHERE id = $1`, [id]),
      ),
    ).rejects.toThrow(/permission denied/);
    await actAs(db.pool, t.b.users.rep, async (c) => {
      await c.query(`SELECT set_config('crm.client_time', '2026-01-02T03:04:05Z', true)`);
      await c.query(`UPDATE opportunities SET notes = 'tasting booked' WHERE id = $1`, [id]);
    });
    expect(await one(db.pool, 'SELECT stage_changed_at, stage_change_received_at FROM opportunities WHERE id = $1', [id])).toEqual(moved);
  });

  it('never dates a move after the server received it, even from a client time ahead', async () => {
    const id = opportunities[5]!;
    await actAs(db.pool, t.b.users.rep, async (c) => {
      await c.query(`SELECT set_config('crm.client_time', (now() + interval '3 minutes')::text, true)`);
      await c.query(`UPDATE opportunities SET stage = 'Awaiting Response' WHERE id = $1`, [id]);
      expect(await one(c, `SELECT stage_changed_at = now() AS clamped FROM opportunities WHERE id = $1`, [id])).toEqual({ clamped: true });
    });
  });
});
