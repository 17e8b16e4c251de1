/**
 * last_interaction_at on organizations, contacts and opportunities is the
 * newest live interaction's date, recomputed exactly (not just bumped) by
 * statement-level triggers after insert, update and delete of interactions.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
});
afterAll(async () => {
  await db.drop();
});

const OLDER = '2024-03-01T10:00:00.000Z';
const NEWER = '2024-03-05T15:30:00.000Z';
const NEWEST = '2024-03-09T08:15:00.000Z';

interface Account {
  org: string;
  contact: string;
  opp: string;
}

/** A customer with one contact and one opportunity, written by the rep in the current transaction. */
async function account(c: pg.PoolClient, name: string): Promise<Account> {
  const a = { org: uuid(), contact: uuid(), opp: uuid() };
  await c.query(`INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, $3)`, [
    a.org,
    t.a.workspaceId,
    name,
  ]);
  await c.query(
    `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $2, $3, 'Chef')`,
    [a.contact, t.a.workspaceId, a.org],
  );
  await c.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, $3, $4)`,
    [a.opp, t.a.workspaceId, `${name} trial`, a.org],
  );
  return a;
}

/** Logs an interaction with the contact about the opportunity (the organization is derived). */
async function logInteraction(c: pg.PoolClient, a: Account, date: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, contact_id, opportunity_id)
     VALUES ($1, $2, 'Phone Call', $3, $4, $5)`,
    [id, t.a.workspaceId, date, a.contact, a.opp],
  );
  return id;
}

/** last_interaction_at of the organization, contact and opportunity, as ISO strings. */
async function lastAt(
  c: pg.PoolClient,
  a: Account,
): Promise<{ org: string | null; contact: string | null; opp: string | null }> {
  const r = await one<{ org: Date | null; contact: Date | null; opp: Date | null }>(
    c,
    `SELECT (SELECT last_interaction_at FROM organizations WHERE id = $1) AS org,
            (SELECT last_interaction_at FROM contacts WHERE id = $2) AS contact,
            (SELECT last_interaction_at FROM opportunities WHERE id = $3) AS opp`,
    [a.org, a.contact, a.opp],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return { org: iso(r.org), contact: iso(r.contact), opp: iso(r.opp) };
}

const all = (at: string | null) => ({ org: at, contact: at, opp: at });

describe('last_interaction_at', () => {
  it('is empty before any interaction and set by the first one on all three records', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'First Bistro');
      expect(await lastAt(c, a)).toEqual(all(null));
      await logInteraction(c, a, NEWER);
      expect(await lastAt(c, a)).toEqual(all(NEWER));
    });
  });

  it('keeps the newest date when an older interaction is logged afterwards', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'Late Logger Cafe');
      await logInteraction(c, a, NEWER);
      await logInteraction(c, a, OLDER);
      expect(await lastAt(c, a)).toEqual(all(NEWER));
    });
  });

  it('follows interaction_date when it is moved, backwards as well as forwards', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'Moving Date Diner');
      await logInteraction(c, a, OLDER);
      const newest = await logInteraction(c, a, NEWEST);
      expect(await lastAt(c, a)).toEqual(all(NEWEST));
      // Back-dated below the other one: the other one is now the newest.
      await c.query(
        `UPDATE interactions SET interaction_date = '2024-02-01T00:00:00Z' WHERE id = $1`,
        [newest],
      );
      expect(await lastAt(c, a)).toEqual(all(OLDER));
      await c.query(`UPDATE interactions SET interaction_date = $2 WHERE id = $1`, [newest, NEWER]);
      expect(await lastAt(c, a)).toEqual(all(NEWER));
    });
  });

  it('falls back to the previous interaction when the newest is soft-deleted, and returns on restore', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'Soft Delete Grill');
      await logInteraction(c, a, OLDER);
      await logInteraction(c, a, NEWER);
      const newest = await logInteraction(c, a, NEWEST);
      await c.query(`UPDATE interactions SET deleted_at = now() WHERE id = $1`, [newest]);
      expect(await lastAt(c, a)).toEqual(all(NEWER));
      await c.query(`UPDATE interactions SET deleted_at = NULL WHERE id = $1`, [newest]);
      expect(await lastAt(c, a)).toEqual(all(NEWEST));
    });
  });

  it('falls back on a hard delete and is cleared when no live interaction is left', async () => {
    // Purging is for managers and up.
    await actAs(db.pool, t.a.users.manager, async (c) => {
      const a = await account(c, 'Purge Pizzeria');
      const older = await logInteraction(c, a, OLDER);
      const newest = await logInteraction(c, a, NEWEST);
      await c.query(`DELETE FROM interactions WHERE id = $1`, [newest]);
      expect(await lastAt(c, a)).toEqual(all(OLDER));
      await c.query(`UPDATE interactions SET deleted_at = now() WHERE id = $1`, [older]);
      expect(await lastAt(c, a)).toEqual(all(null));
    });
  });

  it('moves from the old record to the new one when an interaction is re-assigned', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const from = await account(c, 'From Bistro');
      const to = await account(c, 'To Bistro');
      await logInteraction(c, from, OLDER);
      const moved = await logInteraction(c, from, NEWEST);
      await c.query(`UPDATE interactions SET contact_id = $2, opportunity_id = $3 WHERE id = $1`, [
        moved,
        to.contact,
        to.opp,
      ]);
      expect(await lastAt(c, from)).toEqual(all(OLDER));
      expect(await lastAt(c, to)).toEqual(all(NEWEST));
    });
  });

  it('is exact for every record touched by one multi-row INSERT', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'Bulk One');
      const b = await account(c, 'Bulk Two');
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, contact_id, opportunity_id) VALUES
           (gen_random_uuid(), $1, 'Email', $2, $5, $6),
           (gen_random_uuid(), $1, 'Email', $4, $5, $6),
           (gen_random_uuid(), $1, 'Email', $3, $5, $6),
           (gen_random_uuid(), $1, 'Meeting', $2, $7, $8),
           (gen_random_uuid(), $1, 'Meeting', $3, $7, NULL)`,
        [t.a.workspaceId, OLDER, NEWER, NEWEST, a.contact, a.opp, b.contact, b.opp],
      );
      expect(await lastAt(c, a)).toEqual(all(NEWEST));
      // b's opportunity only had the OLDER one; its contact and organization also the NEWER one.
      expect(await lastAt(c, b)).toEqual({ org: NEWER, contact: NEWER, opp: OLDER });
    });
  });

  it('is kept by statement-level triggers (one pass per statement, not per row)', async () => {
    const { rows } = await db.pool.query<{ name: string; row_level: boolean }>(`
      SELECT tgname AS name, (tgtype & 1) = 1 AS row_level FROM pg_trigger
      WHERE tgrelid = 'public.interactions'::regclass AND tgfoid = 'crm.interactions_touch_last_interaction()'::regprocedure
      ORDER BY tgname`);
    expect(rows).toEqual([
      { name: 'interactions_last_interaction_after_delete', row_level: false },
      { name: 'interactions_last_interaction_after_insert', row_level: false },
      { name: 'interactions_last_interaction_after_update', row_level: false },
    ]);
  });

  it('does not count an interaction that arrives already soft-deleted', async () => {
    // A client that created and then deleted an interaction offline syncs both at once.
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const a = await account(c, 'Offline Cafe');
      await logInteraction(c, a, OLDER);
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, contact_id, opportunity_id, deleted_at)
         VALUES ($1, $2, 'Note', $3, $4, $5, now())`,
        [uuid(), t.a.workspaceId, NEWEST, a.contact, a.opp],
      );
      expect(await lastAt(c, a)).toEqual(all(OLDER));
    });
  });
});
