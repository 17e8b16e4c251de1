/**
 * Migration 0020 (issue 13) as an upgrade of a database filled under 0017: the
 * interaction_principals follow trigger looks for interactions only when a
 * statement changed what a derivation depends on. An ordinary edit of an
 * organization no longer scans the interactions (it did under 0017: counted
 * from the transaction's own table statistics), nor does one of a contact or an
 * opportunity (which used an index already, and now skip even that),
 * the links already there are left as they were, and the changes that do move
 * a derivation still move it.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, uuid } from '../../testing/crm-rows.ts';

/** Going down this many leaves a database at 0017, whatever other numbers are added after it. */
async function stepsAfter0017(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0018').length;
}

const LINKS = `SELECT interaction_id, principal_id, source, deleted_at IS NULL AS live
               FROM interaction_principals ORDER BY interaction_id, principal_id, source`;

/** Sequential scans of interactions made by `sql` (its triggers included), in a transaction rolled back. */
async function interactionScans(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const client = await pool.connect();
  try {
    // The counters hold this backend's statistics not yet flushed, so only their difference is the statement's.
    const scans = async () =>
      (
        await client.query<{ n: number }>(
          `SELECT seq_scan::int AS n FROM pg_stat_xact_user_tables WHERE schemaname = 'public' AND relname = 'interactions'`,
        )
      ).rows[0]!.n;
    await client.query('BEGIN');
    const before = await scans();
    await client.query(sql, params);
    return (await scans()) - before;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const EDITS: Array<[string, (g: CrmGraph) => [string, unknown[]]]> = [
  [
    'an organization',
    (g) => [`UPDATE organizations SET notes = 'called twice' WHERE id = $1`, [g.customerId]],
  ],
  ['a contact', (g) => [`UPDATE contacts SET title = 'Head chef' WHERE id = $1`, [g.contactId]]],
  [
    'an opportunity',
    (g) => [
      `UPDATE opportunities SET name = 'Bistro sauce trial, round two' WHERE id = $1`,
      [g.opportunityId],
    ],
  ],
];

describe('upgrading a filled database from 0017', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  let g: CrmGraph;
  let linksBefore: unknown[];
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0017() });
    t = await createTwoTenants(db.pool);
    g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.owner);
    await createCrmGraph(db.pool, t.b.workspaceId, t.b.users.owner);
    // Enough interactions that the planner would not scan them for a handful of ids.
    await db.pool.query(
      `INSERT INTO interactions (workspace_id, interaction_type, contact_id, notes)
       SELECT $1, 'Phone Call', $2, 'call ' || n FROM generate_series(1, 2000) AS n`,
      [t.a.workspaceId, g.contactId],
    );
    await db.pool.query('ANALYZE');
    linksBefore = (await db.pool.query(LINKS)).rows;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('scanned every interaction on an ordinary organization edit under 0017, and none after 0020; the links stay as they were', async () => {
    const [sql, params] = EDITS[0]![1](g);
    expect(await interactionScans(db.pool, sql, params)).toBeGreaterThan(0);

    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0020_interaction-principals-follow-changed-only');
    expect((await db.pool.query(LINKS)).rows).toEqual(linksBefore);

    for (const [what, edit] of EDITS) {
      const [editSql, editParams] = edit(g);
      expect([what, await interactionScans(db.pool, editSql, editParams)]).toEqual([what, 0]);
    }
  });

  it('still moves the derived links when an organization becomes a principal, a contact moves, an opportunity is deleted', async () => {
    const derived = (principalId: string) =>
      one<{ n: number }>(
        db.pool,
        `SELECT count(*)::int AS n FROM interaction_principals WHERE principal_id = $1 AND source = 'derived' AND deleted_at IS NULL`,
        [principalId],
      );
    // The customer becomes a principal too: every interaction with its contact links to it.
    await db.pool.query('UPDATE organizations SET is_principal = true WHERE id = $1', [
      g.customerId,
    ]);
    expect((await derived(g.customerId)).n).toBe(2001);
    // The contact moves to another principal: every interaction with it links to that one too.
    const second = uuid();
    await db.pool.query(
      `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $2, 'Second Principal Foods', true)`,
      [second, t.a.workspaceId],
    );
    await db.pool.query('UPDATE contacts SET organization_id = $2 WHERE id = $1', [
      g.contactId,
      second,
    ]);
    expect((await derived(second)).n).toBe(2001);
    // The opportunity's principal links go with it when it is deleted (the one interaction on it).
    expect((await derived(g.principalId)).n).toBe(1);
    await db.pool.query('UPDATE opportunities SET deleted_at = now() WHERE id = $1', [
      g.opportunityId,
    ]);
    expect((await derived(g.principalId)).n).toBe(0);
  });

  it('goes back down to 0017 and up again', async () => {
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0017() });
    const [sql, params] = EDITS[0]![1](g);
    expect(await interactionScans(db.pool, sql, params)).toBeGreaterThan(0);
    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0020_interaction-principals-follow-changed-only');
    expect(await interactionScans(db.pool, sql, params)).toBe(0);
  });
});
