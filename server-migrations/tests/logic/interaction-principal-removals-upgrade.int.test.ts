/**
 * Migration 0018 as an upgrade: a database filled under 0017 (links derived
 * and chosen through the triggers, as the server wrote them) keeps every link
 * and every count; a rep can then remove a derived principal; down deletes the
 * removals (0017 cannot express them) and puts 0017's rules back; up again works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import { actAs, sqlError } from '../../testing/act-as.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, uuid } from '../../testing/crm-rows.ts';

async function stepsAfter0017(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0018').length;
}

const SUMMARY = `SELECT workspace_id, name, interactions_count::int AS n FROM principal_activity_summary ORDER BY workspace_id, name`;
const LINKS = `SELECT id, source::text, deleted_at FROM interaction_principals ORDER BY id`;

describe('upgrading a filled database from 0017', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  let graph: CrmGraph;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0017() });
    t = await createTwoTenants(db.pool);
    graph = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.owner);
    await createCrmGraph(db.pool, t.b.workspaceId, t.b.users.owner);
    // A chosen link under 0017's rules, as a rep wrote it.
    await actAs(
      db.pool,
      t.a.users.rep,
      (c) =>
        c.query(
          `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
          [uuid(), t.a.workspaceId, graph.interactionId, graph.principalId],
        ),
      { commit: true },
    );
    // 0017 refuses a removal (no grant on source, chosen-only policy). The label
    // may exist already: the test database went up to the head and down again.
    const refused = await actAs(db.pool, t.a.users.rep, (c) =>
      sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source) VALUES ($1, $2, $3, $4, 'removed')`,
        [uuid(), t.a.workspaceId, graph.interactionId, graph.principalId],
      ),
    );
    expect(refused?.code).toBe('42501');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps every link and count, then lets a rep remove a derived principal', async () => {
    const summary = (await db.pool.query(SUMMARY)).rows;
    const links = (await db.pool.query(LINKS)).rows;
    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran[0]).toBe('0018_interaction-principal-removals');
    expect((await db.pool.query(SUMMARY)).rows).toEqual(summary);
    expect((await db.pool.query(LINKS)).rows).toEqual(links);
    expect(summary.filter((r) => r.workspace_id === t.a.workspaceId)).toEqual([
      { workspace_id: t.a.workspaceId, name: 'Saucy Foods', n: 1 },
    ]);

    await actAs(
      db.pool,
      t.a.users.rep,
      (c) =>
        c.query(
          `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source) VALUES ($1, $2, $3, $4, 'removed')`,
          [uuid(), t.a.workspaceId, graph.interactionId, graph.principalId],
        ),
      { commit: true },
    );
    const after = await one<{ n: number }>(
      db.pool,
      `SELECT interactions_count::int AS n FROM principal_activity_summary WHERE principal_id = $1`,
      [graph.principalId],
    );
    expect(after.n).toBe(0);
  });

  it('goes down (removals deleted, the interaction counts again) and up again', async () => {
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0017() });
    const removals = await one<{ n: number }>(
      db.pool,
      `SELECT count(*)::int AS n FROM interaction_principals WHERE source::text = 'removed'`,
    );
    expect(removals.n).toBe(0);
    const counted = await one<{ n: number }>(
      db.pool,
      `SELECT interactions_count::int AS n FROM principal_activity_summary WHERE principal_id = $1`,
      [graph.principalId],
    );
    expect(counted.n).toBe(1);
    // 0017's insert rule is back: chosen only.
    const refused = await actAs(db.pool, t.a.users.rep, (c) =>
      sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source) VALUES ($1, $2, $3, $4, 'removed')`,
        [uuid(), t.a.workspaceId, graph.interactionId, graph.principalId],
      ),
    );
    expect(refused?.code).toBe('42501');
    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran[0]).toBe('0018_interaction-principal-removals');
  });
});
