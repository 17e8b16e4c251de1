/**
 * The isolation matrix for the CRM tables (organizations, contacts, products,
 * opportunities, opportunity_products, opportunity_principals, interactions):
 * one test per table x caller x operation, as specified in matrix.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { CRM_TABLES, cellsOf } from './matrix.ts';
import { runCell } from './run-cell.ts';
import { buildWorld, type World } from './world.ts';

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
