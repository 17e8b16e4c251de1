/**
 * The isolation matrix for the CRM tables (organizations, contacts, products,
 * opportunities, opportunity_products, opportunity_principals, interactions,
 * interaction_principals): one test per table x caller x operation, as
 * specified in matrix.ts. Then the derived interaction links, which no caller
 * may write whatever their role.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { CALLERS, CRM_TABLES, MATRIX, cellsOf } from './matrix.ts';
import { runCell } from './run-cell.ts';
import { buildWorld, callerId, type World } from './world.ts';

let db: TestDatabase;
let world: World;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await buildWorld(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('RLS matrix: CRM tables', () => {
  it.each(cellsOf(CRM_TABLES))('%s', async (_name, cell) => {
    await runCell(db.pool, world, cell);
  });
});

describe('derived interaction_principals: the triggers write them, no caller does', () => {
  it.each(CALLERS.map((c) => [c]))(
    '%s cannot insert, change or remove a derived link',
    async (caller) => {
      await actAs(db.pool, callerId(world, caller), async (c) => {
        const forged = await sqlError(
          c,
          `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, $4, 'derived')`,
          [randomUUID(), world.a.workspaceId, world.spareInteractionA, world.graphA.principalId],
        );
        expect(forged?.code).toBe('42501');
        const change = await sqlError(
          c,
          `UPDATE interaction_principals SET deleted_at = now() WHERE id = $1`,
          [world.derivedInteractionLinkA],
        );
        if (change) expect(change.code).toBe('42501');
        // Read back in the same transaction as the superuser, past any policy: untouched.
        await c.query('RESET ROLE');
        const { rows } = await c.query(
          `SELECT deleted_at FROM interaction_principals WHERE id = $1`,
          [world.derivedInteractionLinkA],
        );
        expect(rows).toEqual([{ deleted_at: null }]);
      });
    },
  );
});

/**
 * Removals (0018): "this interaction is not about P", written even for a
 * derived P. Whoever may write a chosen link may write and take back a removal
 * (the matrix's interaction_principals insert and update rows); nobody else.
 */
describe('removed interaction_principals: written like chosen links', () => {
  it.each(CALLERS.map((c) => [c]))(
    '%s removes a derived principal and takes it back',
    async (caller) => {
      const expected = MATRIX.interaction_principals;
      await actAs(db.pool, callerId(world, caller), async (c) => {
        const removal = randomUUID();
        const insert = await sqlError(
          c,
          `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, $4, 'removed')`,
          [removal, world.a.workspaceId, world.graphA.interactionId, world.graphA.principalId],
        );
        if (expected.insert[caller] === 'allow') expect(insert).toBeNull();
        else expect(insert?.code).toBe('42501');
        // A removal made by someone else (written past RLS), for the update probe.
        await c.query('RESET ROLE');
        const other = await c.query<{ id: string }>(
          `INSERT INTO interaction_principals (workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, 'removed')
         ON CONFLICT (interaction_id, principal_id, source) DO UPDATE SET deleted_at = NULL RETURNING id`,
          [world.a.workspaceId, world.graphA.interactionId, world.graphA.principalId],
        );
        await c.query('SET LOCAL ROLE crm_user');
        const takeBack = await sqlError(
          c,
          `UPDATE interaction_principals SET deleted_at = now() WHERE id = $1`,
          [other.rows[0]!.id],
        );
        await c.query('RESET ROLE');
        const { rows } = await c.query(
          `SELECT deleted_at IS NULL AS live FROM interaction_principals WHERE id = $1`,
          [other.rows[0]!.id],
        );
        if (expected.update[caller] === 'allow') {
          expect(takeBack).toBeNull();
          expect(rows).toEqual([{ live: false }]);
        } else {
          if (takeBack) expect(takeBack.code).toBe('42501');
          expect(rows).toEqual([{ live: true }]);
        }
      });
    },
  );
});
