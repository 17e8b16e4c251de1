/**
 * Tenancy invariants kept by triggers: a row never changes workspace (on every
 * table that has workspace_id, whatever the role), a workspace keeps at least
 * one owner, and whoever creates a workspace becomes its owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createCrmGraph, createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  // One row of every kind in workspace a (audit rows come with them).
  await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.rep);
  await db.pool.query(
    `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES ($1, $2, $3, 'Rep laptop', 'linux')`,
    [uuid(), t.a.workspaceId, t.a.users.rep],
  );
});
afterAll(async () => {
  await db.drop();
});

describe('workspace_id is immutable', () => {
  it('refuses moving a row to another workspace on every table that has workspace_id, even for the superuser', async () => {
    const { rows: tables } = await db.pool.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY 1`);
    expect(tables.map((r) => r.table)).toEqual([
      'audit_log',
      'contacts',
      'devices',
      'interaction_principals',
      'interactions',
      'opportunities',
      'opportunity_principals',
      'opportunity_products',
      'organizations',
      'products',
      'workspace_members',
    ]);
    await asSuperuser(db.pool, async (c) => {
      for (const { table } of tables) {
        const row = await one<{ id: string }>(
          c,
          `SELECT id FROM public.${table} WHERE workspace_id = $1 LIMIT 1`,
          [t.a.workspaceId],
        );
        const err = await sqlError(
          c,
          `UPDATE public.${table} SET workspace_id = $1 WHERE id = $2`,
          [t.b.workspaceId, row.id],
        );
        if (table === 'audit_log') {
          // The audit trail refuses every UPDATE, workspace_id included.
          expect(err, table).toMatchObject({
            code: '42501',
            message: expect.stringContaining('append-only'),
          });
        } else {
          expect(err, table).toMatchObject({
            code: '23514',
            message: `workspace_id of public.${table} is immutable`,
          });
        }
      }
    });
  });

  it('still lets other columns of the same row change', async () => {
    await asSuperuser(db.pool, async (c) => {
      const err = await sqlError(
        c,
        `UPDATE organizations SET workspace_id = workspace_id, name = 'Renamed' WHERE workspace_id = $1`,
        [t.a.workspaceId],
      );
      expect(err).toBeNull();
    });
  });
});

describe('a workspace keeps at least one owner', () => {
  const ownerRow = `SELECT id FROM workspace_members WHERE workspace_id = $1 AND user_id = $2`;

  it('refuses demoting, soft-deleting or deleting the only owner', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      const { id } = await one<{ id: string }>(c, ownerRow, [t.a.workspaceId, t.a.users.owner]);
      const demote = await sqlError(
        c,
        `UPDATE workspace_members SET role = 'admin' WHERE id = $1`,
        [id],
      );
      expect(demote).toMatchObject({
        code: '23514',
        message: 'a workspace must keep at least one owner',
      });
      const remove = await sqlError(
        c,
        `UPDATE workspace_members SET deleted_at = now() WHERE id = $1`,
        [id],
      );
      expect(remove).toMatchObject({
        code: '23514',
        message: 'a workspace must keep at least one owner',
      });
    });
    // Clients have no DELETE on memberships; the trigger guards the superuser path too.
    await asSuperuser(db.pool, async (c) => {
      const { id } = await one<{ id: string }>(c, ownerRow, [t.a.workspaceId, t.a.users.owner]);
      const purge = await sqlError(c, `DELETE FROM workspace_members WHERE id = $1`, [id]);
      expect(purge).toMatchObject({
        code: '23514',
        message: 'a workspace must keep at least one owner',
      });
    });
  });

  it('lets an owner step down once another live owner exists, and then guards the new one', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      await c.query(
        `UPDATE workspace_members SET role = 'owner' WHERE workspace_id = $1 AND user_id = $2`,
        [t.a.workspaceId, t.a.users.admin],
      );
      expect(
        await sqlError(
          c,
          `UPDATE workspace_members SET role = 'admin' WHERE workspace_id = $1 AND user_id = $2`,
          [t.a.workspaceId, t.a.users.owner],
        ),
      ).toBeNull();
    });
    // Same arrangement as the superuser, then the remaining owner is the last one.
    await asSuperuser(db.pool, async (c) => {
      await c.query(
        `UPDATE workspace_members SET role = 'owner' WHERE workspace_id = $1 AND user_id = $2`,
        [t.a.workspaceId, t.a.users.admin],
      );
      await c.query(
        `UPDATE workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2`,
        [t.a.workspaceId, t.a.users.owner],
      );
      const err = await sqlError(
        c,
        `UPDATE workspace_members SET role = 'rep' WHERE workspace_id = $1 AND user_id = $2`,
        [t.a.workspaceId, t.a.users.admin],
      );
      expect(err).toMatchObject({
        code: '23514',
        message: 'a workspace must keep at least one owner',
      });
      // A soft-deleted owner does not count as the one that remains.
      const { count } = await one<{ count: number }>(
        c,
        `SELECT count(*)::int AS count FROM workspace_members WHERE workspace_id = $1 AND role = 'owner' AND deleted_at IS NULL`,
        [t.a.workspaceId],
      );
      expect(count).toBe(1);
    });
  });

  it('refuses the second of two owners stepping down at the same time', async () => {
    // Two concurrent transactions each see the other owner still in place; the
    // check must serialize on the workspace or both succeed and leave none.
    const ws = uuid();
    await db.pool.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Two Owners Inc')`, [ws]);
    await db.pool.query(
      `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'owner')`,
      [ws, t.a.users.owner, t.a.users.admin],
    );
    const demote = `UPDATE workspace_members SET role = 'admin' WHERE workspace_id = $1 AND user_id = $2`;
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      const secondPid = (await one<{ pid: number }>(second, 'SELECT pg_backend_pid() AS pid')).pid;
      await first.query(demote, [ws, t.a.users.owner]);
      let settled = false;
      const pending = second.query(demote, [ws, t.a.users.admin]).then(
        () => null,
        (e: { code?: string }) => e,
      );
      void pending.then(() => (settled = true));
      // Commit the first only once the second has either finished its check
      // (the race the trigger must not lose) or is waiting for the first's lock.
      for (let i = 0; i < 100 && !settled; i++) {
        const { rows } = await db.pool.query(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
          [secondPid],
        );
        if (rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await first.query('COMMIT');
      const err = await pending;
      await second.query(err ? 'ROLLBACK' : 'COMMIT');
      expect(err).toMatchObject({ code: '23514' });
    } finally {
      first.release();
      second.release();
    }
    const { count } = await one<{ count: number }>(
      db.pool,
      `SELECT count(*)::int AS count FROM workspace_members WHERE workspace_id = $1 AND role = 'owner' AND deleted_at IS NULL`,
      [ws],
    );
    expect(count).toBe(1);
  });

  it('lets a non-owner membership change freely', async () => {
    await actAs(db.pool, t.a.users.admin, async (c) => {
      const err = await sqlError(
        c,
        `UPDATE workspace_members SET role = 'viewer' WHERE workspace_id = $1 AND user_id = $2`,
        [t.a.workspaceId, t.a.users.rep],
      );
      expect(err).toBeNull();
    });
  });
});

describe('the creator of a workspace becomes its owner', () => {
  it('adds the signed-in creator as owner, so they can see and run the new workspace', async () => {
    const ws = uuid();
    await actAs(
      db.pool,
      t.stranger,
      async (c) => {
        await c.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Stranger Brokerage')`, [ws]);
        const member = await one(
          c,
          `SELECT user_id, role, created_by FROM workspace_members WHERE workspace_id = $1`,
          [ws],
        );
        expect(member).toEqual({ user_id: t.stranger, role: 'owner', created_by: t.stranger });
        const visible = await one(c, `SELECT name FROM workspaces WHERE id = $1`, [ws]);
        expect(visible).toEqual({ name: 'Stranger Brokerage' });
      },
      { commit: true },
    );
    // Committed: the owner invariant now protects the creator too.
    await actAs(db.pool, t.stranger, async (c) => {
      const err = await sqlError(
        c,
        `UPDATE workspace_members SET role = 'admin' WHERE workspace_id = $1`,
        [ws],
      );
      expect(err).toMatchObject({ code: '23514' });
    });
  });

  it('adds no member when nobody is signed in (a seed or an admin tool creates it)', async () => {
    await asSuperuser(db.pool, async (c) => {
      const ws = uuid();
      await c.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Seeded Brokerage')`, [ws]);
      const { count } = await one<{ count: number }>(
        c,
        `SELECT count(*)::int AS count FROM workspace_members WHERE workspace_id = $1`,
        [ws],
      );
      expect(count).toBe(0);
    });
  });
});
