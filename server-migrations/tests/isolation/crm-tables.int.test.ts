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
import { CALLERS, CRM_TABLES, cellsOf } from './matrix.ts';
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
