/**
 * Migration 0016: follow-ups are tasks with an assignee and an optional time.
 * Tested as an upgrade of a database filled under 0014 (follow-ups logged by
 * members and by someone who is no member), and as the rules a client meets
 * afterwards, acting as the users the sync server acts as.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createCrmGraph, createTwoTenants, type CrmGraph, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, one, uuid } from '../../testing/crm-rows.ts';

/** Migrations after 0014 (0015 of a parallel branch included when merged): going down that many leaves 0014. */
async function stepsAfter0014(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name >= '0015').length;
}

async function insertInteraction(
  db: TestDatabase,
  workspaceId: string,
  contactId: string,
  createdBy: string | null,
  followUp: boolean,
): Promise<string> {
  const id = uuid();
  // As a maintenance tool would: created_by is kept as given when no user is signed in.
  await db.pool.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, contact_id, follow_up_required, follow_up_date, created_by)
     VALUES ($1, $2, 'Phone Call', $3, $4, CASE WHEN $4 THEN current_date END, $5)`,
    [id, workspaceId, contactId, followUp, createdBy],
  );
  return id;
}

describe('upgrading a database migrated to 0014', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0014() });
    t = await createTwoTenants(db.pool);
    const g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.manager);
    ids.byRep = await insertInteraction(db, t.a.workspaceId, g.contactId, t.a.users.rep, true);
    ids.byManager = await insertInteraction(db, t.a.workspaceId, g.contactId, t.a.users.manager, true);
    ids.byStranger = await insertInteraction(db, t.a.workspaceId, g.contactId, t.stranger, true);
    ids.noFollowUp = await insertInteraction(db, t.a.workspaceId, g.contactId, t.a.users.rep, false);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives each follow-up to whoever logged it, when a member, without stamping or auditing a change', async () => {
    const before = await db.pool.query('SELECT id, updated_at, updated_by FROM interactions ORDER BY id');
    const audit = await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log');

    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0016_follow-up-tasks');

    const { rows } = await db.pool.query<{ id: string; follow_up_assignee_id: string | null; follow_up_time: string | null }>(
      'SELECT id, follow_up_assignee_id, follow_up_time FROM interactions WHERE id = ANY($1)',
      [Object.values(ids)],
    );
    const assignee = Object.fromEntries(rows.map((r) => [r.id, r.follow_up_assignee_id]));
    expect(assignee).toEqual({
      [ids.byRep!]: t.a.users.rep,
      [ids.byManager!]: t.a.users.manager,
      [ids.byStranger!]: null,
      [ids.noFollowUp!]: null,
    });
    expect(rows.every((r) => r.follow_up_time === null)).toBe(true);
    const after = await db.pool.query('SELECT id, updated_at, updated_by FROM interactions ORDER BY id');
    expect(after.rows).toEqual(before.rows);
    expect((await one<{ n: number }>(db.pool, 'SELECT count(*)::int AS n FROM audit_log')).n).toBe(audit.n);
  });

  it('goes down and up again, keeping the view readable by members', async () => {
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0014() });
    await migrate({ databaseUrl: db.url, direction: 'up' });
    const seen = await actAs(db.pool, t.a.users.rep, (c) =>
      c.query<{ follow_up_assignee_id: string | null }>(
        'SELECT follow_up_assignee_id FROM follow_ups_due WHERE interaction_id = $1',
        [ids.byRep],
      ),
    );
    expect(seen.rows).toEqual([{ follow_up_assignee_id: t.a.users.rep }]);
  });
});

describe('follow-up tasks after the upgrade', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  let g: CrmGraph;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTwoTenants(db.pool);
    g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.manager);
  });
  afterAll(async () => {
    await db.drop();
  });

  const logFollowUp = (extra = '', values: unknown[] = []) =>
    `INSERT INTO interactions (id, workspace_id, interaction_type, contact_id, follow_up_required, follow_up_date${extra ? `, ${extra}` : ''})
     VALUES ($1, $2, 'Phone Call', $3, true, current_date${values.map((_, i) => `, $${i + 4}`).join('')})`;

  it("is the maker's unless someone else is named, and becoming a follow-up later assigns it too", async () => {
    const mine = uuid();
    const theirs = uuid();
    const later = uuid();
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(logFollowUp(), [mine, t.a.workspaceId, g.contactId]);
      await c.query(logFollowUp('follow_up_assignee_id', [t.a.users.manager]), [
        theirs, t.a.workspaceId, g.contactId, t.a.users.manager,
      ]);
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, contact_id) VALUES ($1, $2, 'Note', $3)`,
        [later, t.a.workspaceId, g.contactId],
      );
      await c.query('UPDATE interactions SET follow_up_required = true WHERE id = $1', [later]);
      const { rows } = await c.query<{ id: string; follow_up_assignee_id: string }>(
        'SELECT id, follow_up_assignee_id FROM interactions WHERE id = ANY($1)',
        [[mine, theirs, later]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.follow_up_assignee_id]))).toEqual({
        [mine]: t.a.users.rep,
        [theirs]: t.a.users.manager,
        [later]: t.a.users.rep,
      });
    });
  });

  it('refuses an assignee from another workspace, a malformed time and a time without a date, naming the rule', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const args = [uuid(), t.a.workspaceId, g.contactId];
      expect(await sqlError(c, logFollowUp('follow_up_assignee_id', [0]), [...args, t.b.users.rep])).toMatchObject({
        code: '23503',
        constraint: 'interactions_follow_up_assignee_is_member',
      });
      for (const bad of ['9:30', '24:00', '12:60', 'noon'])
        expect(await sqlError(c, logFollowUp('follow_up_time', [0]), [...args, bad]), bad).toMatchObject({
          code: '23514',
        });
      expect(await sqlError(c, logFollowUp('follow_up_time', [0]), [...args, '09:30'])).toBeNull();
      expect(
        await sqlError(
          c,
          `INSERT INTO interactions (id, workspace_id, interaction_type, contact_id, follow_up_required, follow_up_time)
           VALUES ($1, $2, 'Phone Call', $3, true, '09:30')`,
          [uuid(), t.a.workspaceId, g.contactId],
        ),
      ).toMatchObject({ code: '23514', constraint: 'interactions_follow_up_time_needs_date' });
    });
  });

  it('audits a reschedule and a reassignment with old and new values, and a viewer cannot do either', async () => {
    const id = uuid();
    await actAs(
      db.pool,
      t.a.users.rep,
      async (c) => {
        await c.query(logFollowUp(), [id, t.a.workspaceId, g.contactId]);
        await c.query(
          `UPDATE interactions SET follow_up_date = current_date + 7, follow_up_time = '14:00', follow_up_assignee_id = $2 WHERE id = $1`,
          [id, t.a.users.manager],
        );
      },
      { commit: true },
    );
    const audit = await one<{ changed_fields: string[]; old_values: Record<string, unknown>; new_values: Record<string, unknown>; actor_id: string }>(
      db.pool,
      `SELECT changed_fields, old_values, new_values, actor_id FROM audit_log WHERE record_id = $1 AND action = 'update'`,
      [id],
    );
    expect(audit.actor_id).toBe(t.a.users.rep);
    expect(audit.changed_fields).toEqual(['follow_up_assignee_id', 'follow_up_date', 'follow_up_time']);
    expect(audit.old_values).toMatchObject({ follow_up_assignee_id: t.a.users.rep, follow_up_time: null });
    expect(audit.new_values).toMatchObject({ follow_up_assignee_id: t.a.users.manager, follow_up_time: '14:00' });
    await actAs(db.pool, t.a.users.viewer, async (c) => {
      const r = await c.query(`UPDATE interactions SET follow_up_time = '08:00' WHERE id = $1`, [id]);
      expect(r.rowCount).toBe(0);
    });
  });
});

describe("the owner rule of opportunities", () => {
  let db: TestDatabase;
  let t: TwoTenants;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTwoTenants(db.pool);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A new opportunity owned by `owner` (null: unowned), returned by id. */
  async function opportunity(owner: string | null): Promise<string> {
    const g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.manager);
    await asSuperuser(db.pool, (c) => c.query('UPDATE opportunities SET owner_id = $2 WHERE id = $1', [g.opportunityId, owner]), {
      commit: true,
    });
    return g.opportunityId;
  }
  const handOver = 'UPDATE opportunities SET owner_id = $2 WHERE id = $1';

  it("refuses a rep who changes the owner of someone else's opportunity, with the reason", async () => {
    const id = await opportunity(t.a.users.manager);
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const err = await sqlError(c, handOver, [id, t.a.users.rep]);
      expect(err).toMatchObject({ code: '42501' });
      expect(err?.message).toBe("only the opportunity's owner, a manager or an admin can change who owns it");
      // Other fields of the same opportunity stay the rep's to edit.
      expect(await sqlError(c, `UPDATE opportunities SET stage = 'Demo Scheduled' WHERE id = $1`, [id])).toBeNull();
    });
  });

  it('lets the owner hand it over, managers, admins and owners reassign it, and anyone claim an unowned one', async () => {
    const repOwned = await opportunity(t.a.users.rep);
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(await sqlError(c, handOver, [repOwned, t.a.users.manager])).toBeNull();
    });
    for (const role of ['manager', 'admin', 'owner'] as const) {
      const id = await opportunity(t.a.users.rep);
      await actAs(db.pool, t.a.users[role], async (c) => {
        expect(await sqlError(c, handOver, [id, t.a.users.admin]), role).toBeNull();
      });
    }
    const unowned = await opportunity(null);
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(await sqlError(c, handOver, [unowned, t.a.users.rep])).toBeNull();
    });
  });

  it('lets a rep create an opportunity for someone else (the rule is about changing the owner)', async () => {
    const g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.manager);
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(
        await sqlError(
          c,
          `INSERT INTO opportunities (id, workspace_id, name, organization_id, owner_id) VALUES ($1, $2, 'For the manager', $3, $4)`,
          [uuid(), t.a.workspaceId, g.customerId, t.a.users.manager],
        ),
      ).toBeNull();
    });
  });
});
