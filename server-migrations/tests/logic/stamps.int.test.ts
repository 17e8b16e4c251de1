/**
 * crm.stamp_row: created_at/created_by/updated_at/updated_by are facts about the
 * server's history, so they come from the server clock and the transaction's
 * crm.user_id, never from the client; a change to only server-kept columns
 * (last_interaction_at) is not an edit and keeps updated_at/updated_by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, insertOrganization, one, rewriteWithoutTriggers, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
});
afterAll(async () => {
  await db.drop();
});

interface Stamps {
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  last_interaction_at: string | null;
}
const STAMPS = `SELECT created_at::text, updated_at::text, created_by, updated_by, last_interaction_at::text
                FROM organizations WHERE id = $1`;

/** An organization written by the rep and committed, with its stamps moved a day back. */
async function committedOrganization(name: string): Promise<string> {
  const id = uuid();
  await actAs(
    db.pool,
    t.a.users.rep,
    (c) =>
      c.query(`INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, $3)`, [
        id,
        t.a.workspaceId,
        name,
      ]),
    { commit: true },
  );
  await rewriteWithoutTriggers(db.pool, 'organizations', [id], {
    created_at: "created_at - interval '1 day'",
    updated_at: "updated_at - interval '1 day'",
  });
  return id;
}

describe('crm.stamp_row', () => {
  it('is attached to every table that has updated_at', async () => {
    const { rows } = await db.pool.query<{ table: string; stamped: boolean }>(`
      SELECT c.relname AS table,
             EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal
                       AND tg.tgfoid = 'crm.stamp_row()'::regprocedure
                       AND tg.tgtype & 1 = 1      -- FOR EACH ROW
                       AND tg.tgtype & 2 = 2      -- BEFORE
                       AND tg.tgtype & 4 = 4      -- INSERT
                       AND tg.tgtype & 16 = 16)   -- UPDATE
               AS stamped
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind = 'r'`);
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect(rows.filter((r) => !r.stamped).map((r) => r.table)).toEqual([]);
  });

  it('stamps an insert with the server time and the signed-in user', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Harbor Grill')`,
        [id, t.a.workspaceId],
      );
      const r = await one(
        c,
        `SELECT created_at = now() AS created_now, updated_at = now() AS updated_now, created_by, updated_by
         FROM organizations WHERE id = $1`,
        [id],
      );
      expect(r).toEqual({
        created_now: true,
        updated_now: true,
        created_by: t.a.users.rep,
        updated_by: t.a.users.rep,
      });
    });
  });

  it('keeps clients from sending stamps at all (no column grant)', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO organizations (id, workspace_id, name, created_at, created_by) VALUES ($1, $2, 'Forged', '2001-01-01', $3)`,
        [uuid(), t.a.workspaceId, t.stranger],
      );
      expect(err?.code).toBe('42501');
    });
  });

  it('overwrites stamps supplied on insert and update even by a role that may write them', async () => {
    await asSuperuser(
      db.pool,
      async (c) => {
        const id = uuid();
        await c.query(
          `INSERT INTO organizations (id, workspace_id, name, created_at, updated_at, created_by, updated_by)
           VALUES ($1, $2, 'Backdated Deli', '2001-01-01', '2001-01-01', $3, $3)`,
          [id, t.a.workspaceId, t.stranger],
        );
        const inserted = await one(
          c,
          `SELECT created_at = now() AS created_now, updated_at = now() AS updated_now, created_by, updated_by
           FROM organizations WHERE id = $1`,
          [id],
        );
        expect(inserted).toEqual({
          created_now: true,
          updated_now: true,
          created_by: t.a.users.manager,
          updated_by: t.a.users.manager,
        });

        await c.query(
          `UPDATE organizations SET name = 'Deli Renamed', created_at = '2001-01-01', created_by = $2,
                  updated_at = '2001-01-01', updated_by = $2 WHERE id = $1`,
          [id, t.stranger],
        );
        const updated = await one(
          c,
          `SELECT created_at = now() AS created_now, updated_at = now() AS updated_now, created_by, updated_by
           FROM organizations WHERE id = $1`,
          [id],
        );
        expect(updated).toEqual({
          created_now: true,
          updated_now: true,
          created_by: t.a.users.manager,
          updated_by: t.a.users.manager,
        });
      },
      { userId: t.a.users.manager },
    );
  });

  it('keeps the given actor when nobody is signed in (seeds and admin tools)', async () => {
    await asSuperuser(db.pool, async (c) => {
      const id = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name, created_by) VALUES ($1, $2, 'Seeded Cafe', $3)`,
        [id, t.a.workspaceId, t.a.users.admin],
      );
      const r = await one(c, `SELECT created_by, updated_by FROM organizations WHERE id = $1`, [
        id,
      ]);
      expect(r).toEqual({ created_by: t.a.users.admin, updated_by: null });
    });
  });

  it('moves updated_at/updated_by on a later edit by someone else and keeps created_at/created_by', async () => {
    const id = await committedOrganization('Corner Bakery');
    const before = await one<Stamps>(db.pool, STAMPS, [id]);
    await actAs(db.pool, t.a.users.manager, async (c) => {
      await c.query(`UPDATE organizations SET segment = 'Bakery' WHERE id = $1`, [id]);
      const r = await one<Stamps & { updated_now: boolean }>(
        c,
        `SELECT created_at::text, created_by, updated_by, updated_at = now() AS updated_now FROM organizations WHERE id = $1`,
        [id],
      );
      expect(r.created_at).toBe(before.created_at);
      expect(r.created_by).toBe(t.a.users.rep);
      expect(r.updated_by).toBe(t.a.users.manager);
      expect(r.updated_now).toBe(true);
    });
  });

  it('keeps updated_at and updated_by when an update changes nothing', async () => {
    const id = await committedOrganization('Quiet Diner');
    const before = await one<Stamps>(db.pool, STAMPS, [id]);
    await actAs(db.pool, t.a.users.manager, async (c) => {
      await c.query(`UPDATE organizations SET name = name, segment = segment WHERE id = $1`, [id]);
      expect(await one<Stamps>(c, STAMPS, [id])).toEqual(before);
    });
  });

  it('keeps updated_at and updated_by when only last_interaction_at changes', async () => {
    const id = await committedOrganization('Taco Stand');
    const before = await one<Stamps>(db.pool, STAMPS, [id]);
    expect(before.last_interaction_at).toBeNull();

    // Directly, as the server's maintenance would.
    await asSuperuser(
      db.pool,
      async (c) => {
        await c.query(`UPDATE organizations SET last_interaction_at = now() WHERE id = $1`, [id]);
        const after = await one<Stamps>(c, STAMPS, [id]);
        expect(after.last_interaction_at).not.toBeNull();
        expect({ ...after, last_interaction_at: null }).toEqual(before);
      },
      { userId: t.a.users.manager },
    );

    // And through the real path: a rep logs an interaction with the organization.
    await actAs(db.pool, t.a.users.rep, async (c) => {
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, organization_id) VALUES ($1, $2, 'Meeting', $3)`,
        [uuid(), t.a.workspaceId, id],
      );
      const after = await one<Stamps & { touched_now: boolean }>(
        c,
        `SELECT created_at::text, updated_at::text, created_by, updated_by, last_interaction_at::text,
                last_interaction_at = now() AS touched_now
         FROM organizations WHERE id = $1`,
        [id],
      );
      expect(after.touched_now).toBe(true);
      expect(after.updated_at).toBe(before.updated_at);
      expect(after.updated_by).toBe(before.updated_by);
    });
  });

  it('stamps rows written by trigger functions with the signed-in user too', async () => {
    // opportunity_principals is written only by a SECURITY DEFINER trigger; the
    // actor must still be the person whose change caused it.
    const principal = await insertOrganization(db.pool, t.a.workspaceId, 'Stamped Principal', {
      principal: true,
    });
    const customer = await insertOrganization(db.pool, t.a.workspaceId, 'Stamped Customer');
    const product = uuid();
    await db.pool.query(
      `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Stamped Oil')`,
      [product, t.a.workspaceId, principal],
    );
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = uuid();
      await c.query(
        `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Oil trial', $3)`,
        [opp, t.a.workspaceId, customer],
      );
      await c.query(
        `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
        [uuid(), t.a.workspaceId, opp, product],
      );
      const r = await one(
        c,
        `SELECT created_by, updated_by, created_at = now() AS created_now FROM opportunity_principals WHERE opportunity_id = $1`,
        [opp],
      );
      expect(r).toEqual({
        created_by: t.a.users.rep,
        updated_by: t.a.users.rep,
        created_now: true,
      });
    });
  });
});
