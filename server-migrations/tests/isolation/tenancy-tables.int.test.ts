/**
 * The isolation matrix for the tenancy tables (workspaces, users,
 * user_credentials, workspace_members, devices), then the rules the matrix's
 * single probe per cell cannot express: one's own profile and devices, who may
 * hand out the owner role, and members who are removed or disabled.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { ROLES } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { CALLERS, TENANCY_TABLES, cellsOf } from './matrix.ts';
import { asSuperuser, attempt, runCell, trueCount } from './run-cell.ts';
import { buildWorld, callerId, type World } from './world.ts';

let db: TestDatabase;
let w: World;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await buildWorld(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('RLS matrix: tenancy tables', () => {
  it.each(cellsOf(TENANCY_TABLES))('%s', async (_name, cell) => {
    await runCell(db.pool, w, cell);
  });
});

/** 1 when the user is a live owner of A, as the superuser sees it inside the caller's transaction. */
const ownerOfA = (client: pg.PoolClient, userId: string) =>
  trueCount(
    client,
    `SELECT 1 FROM workspace_members WHERE workspace_id = $1 AND user_id = $2 AND role = 'owner' AND deleted_at IS NULL`,
    [w.a.workspaceId, userId],
  );

describe("users: one's own profile and the colleagues one sees", () => {
  const signedIn = CALLERS.filter((c) => c !== 'anonymous');

  it.each(signedIn)(
    '%s sees and renames themselves, but cannot change their own email or disabled flag',
    async (caller) => {
      const me = callerId(w, caller) as string;
      await actAs(db.pool, me, async (client) => {
        expect((await attempt(client, 'SELECT 1 FROM users WHERE id = $1', [me])).rowCount).toBe(1);
        const rename = await attempt(
          client,
          `UPDATE users SET display_name = 'Me, renamed' WHERE id = $1`,
          [me],
        );
        expect(rename).toEqual({ error: null, rowCount: 1 });
        expect(
          await trueCount(
            client,
            `SELECT 1 FROM users WHERE id = $1 AND display_name = 'Me, renamed'`,
            [me],
          ),
        ).toBe(1);
        // The email is the sign-in identity: only the server (as the maintainer) may change it.
        const email = await attempt(
          client,
          `UPDATE users SET email = 'taken-over@example.test' WHERE id = $1`,
          [me],
        );
        expect(email.error?.code).toBe('42501');
        const disable = await attempt(client, 'UPDATE users SET disabled_at = NULL WHERE id = $1', [
          me,
        ]);
        expect(disable.error?.code).toBe('42501');
      });
    },
  );

  it('shows exactly oneself and the members of shared workspaces', async () => {
    const visible = (userId: string | null) =>
      actAs(db.pool, userId, async (c) =>
        (await c.query<{ id: string }>('SELECT id FROM users')).rows.map((r) => r.id).sort(),
      );
    const teamA = [...Object.values(w.a.users), w.subject].sort();
    expect(await visible(w.a.users.viewer)).toEqual(teamA);
    expect(await visible(w.b.users.owner)).toEqual(Object.values(w.b.users).sort());
    expect(await visible(w.stranger)).toEqual([w.stranger]);
    expect(await visible(null)).toEqual([]);
  });
});

describe('devices: everyone sees their own, admins and owners see all of the workspace', () => {
  it.each(ROLES)('the %s of A sees their own device', async (role) => {
    const me = w.a.users[role];
    await actAs(db.pool, me, async (client) => {
      const id = randomUUID();
      await asSuperuser(client, () =>
        client.query(
          `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES ($1, $2, $3, 'Mine', 'web')`,
          [id, w.a.workspaceId, me],
        ),
      );
      expect((await attempt(client, 'SELECT 1 FROM devices WHERE id = $1', [id])).rowCount).toBe(1);
    });
  });
});

describe('the owner role: only owners grant or take it', () => {
  it('an admin cannot add an owner, promote anyone (themselves included) to owner, or demote/remove an owner', async () => {
    await actAs(db.pool, w.a.users.admin, async (client) => {
      const add = await attempt(
        client,
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`,
        [w.a.workspaceId, w.candidate],
      );
      expect(add.error?.code).toBe('42501');
      for (const who of [w.subject, w.a.users.admin]) {
        const promote = await attempt(
          client,
          `UPDATE workspace_members SET role = 'owner' WHERE workspace_id = $1 AND user_id = $2`,
          [w.a.workspaceId, who],
        );
        // The admin may touch the row, but the new row fails WITH CHECK: an error, not a no-op.
        expect(promote.error?.code).toBe('42501');
        expect(await ownerOfA(client, who)).toBe(0);
      }
      const demote = await attempt(
        client,
        `UPDATE workspace_members SET role = 'admin' WHERE workspace_id = $1 AND user_id = $2`,
        [w.a.workspaceId, w.a.users.owner],
      );
      const remove = await attempt(
        client,
        'UPDATE workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2',
        [w.a.workspaceId, w.a.users.owner],
      );
      // An owner's membership is outside the admin's USING clause: zero rows, no error.
      for (const a of [demote, remove]) expect(a).toEqual({ error: null, rowCount: 0 });
      expect(await ownerOfA(client, w.a.users.owner)).toBe(1);
    });
  });

  it('an owner adds an owner, promotes a member to owner and demotes a co-owner', async () => {
    await actAs(db.pool, w.a.users.owner, async (client) => {
      const add = await attempt(
        client,
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`,
        [w.a.workspaceId, w.candidate],
      );
      expect(add).toEqual({ error: null, rowCount: 1 });
      expect(await ownerOfA(client, w.candidate)).toBe(1);
      const promote = await attempt(
        client,
        `UPDATE workspace_members SET role = 'owner' WHERE workspace_id = $1 AND user_id = $2`,
        [w.a.workspaceId, w.subject],
      );
      expect(promote).toEqual({ error: null, rowCount: 1 });
      const demote = await attempt(
        client,
        `UPDATE workspace_members SET role = 'rep' WHERE workspace_id = $1 AND user_id = $2`,
        [w.a.workspaceId, w.candidate],
      );
      expect(demote).toEqual({ error: null, rowCount: 1 });
      expect(await ownerOfA(client, w.subject)).toBe(1);
      expect(await ownerOfA(client, w.candidate)).toBe(0);
    });
  });

  it('no one but an owner of B can make anyone an owner of B', async () => {
    await actAs(db.pool, w.a.users.owner, async (client) => {
      const add = await attempt(
        client,
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`,
        [w.b.workspaceId, w.a.users.owner],
      );
      expect(add.error?.code).toBe('42501');
    });
  });
});

describe('removed and disabled members lose access at once', () => {
  const seesOfA = (client: pg.PoolClient) =>
    client
      .query<{ n: number }>(
        `SELECT (SELECT count(*) FROM organizations WHERE workspace_id = $1)
              + (SELECT count(*) FROM workspace_members WHERE workspace_id = $1)
              + (SELECT count(*) FROM workspaces WHERE id = $1)
              + (SELECT count(*) FROM audit_log WHERE workspace_id = $1)
              + (SELECT count(*) FROM users WHERE id <> $2) AS n`,
        [w.a.workspaceId, w.a.users.rep],
      )
      .then((r) => Number(r.rows[0]?.n));

  it('an admin removes a member (soft delete); a manager cannot', async () => {
    await actAs(db.pool, w.a.users.manager, async (client) => {
      const r = await attempt(
        client,
        'UPDATE workspace_members SET deleted_at = now() WHERE user_id = $1',
        [w.subject],
      );
      expect(r).toEqual({ error: null, rowCount: 0 });
      expect(
        await trueCount(
          client,
          'SELECT 1 FROM workspace_members WHERE user_id = $1 AND deleted_at IS NOT NULL',
          [w.subject],
        ),
      ).toBe(0);
    });
    await actAs(db.pool, w.a.users.admin, async (client) => {
      const r = await attempt(
        client,
        'UPDATE workspace_members SET deleted_at = now() WHERE user_id = $1',
        [w.subject],
      );
      expect(r).toEqual({ error: null, rowCount: 1 });
      expect(
        await trueCount(
          client,
          'SELECT 1 FROM workspace_members WHERE user_id = $1 AND deleted_at IS NOT NULL',
          [w.subject],
        ),
      ).toBe(1);
    });
  });

  it.each(['removed', 'disabled'] as const)(
    "a %s member sees and writes nothing of A (colleagues' profiles included)",
    async (how) => {
      const rep = w.a.users.rep;
      await actAs(db.pool, rep, async (client) => {
        expect(await seesOfA(client)).toBeGreaterThan(0);
        await asSuperuser(client, () =>
          how === 'removed'
            ? client.query(
                'UPDATE workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2',
                [w.a.workspaceId, rep],
              )
            : client.query('UPDATE users SET disabled_at = now() WHERE id = $1', [rep]),
        );
        expect(await seesOfA(client)).toBe(0);
        const ins = await attempt(
          client,
          `INSERT INTO organizations (workspace_id, name) VALUES ($1, 'Sneaky')`,
          [w.a.workspaceId],
        );
        expect(ins.error?.code).toBe('42501');
        const upd = await attempt(
          client,
          `UPDATE organizations SET name = 'Sneaky' WHERE id = $1`,
          [w.spareA.organizationId],
        );
        expect(upd).toEqual({ error: null, rowCount: 0 });
      });
    },
  );
});
