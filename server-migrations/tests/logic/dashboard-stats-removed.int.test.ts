/**
 * The materialized dashboard stats of 0006 are gone (0011): nothing read them
 * and nothing refreshed them on a schedule, while any member, a viewer too,
 * could make the server recompute every workspace's counts. Nothing may call
 * or reach them any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('dashboard stats', () => {
  it('has no refresh or read function and no materialized view left', async () => {
    const { rows } = await db.pool.query(`
      SELECT p.oid::regprocedure::text AS name FROM pg_proc p WHERE p.proname IN ('refresh_dashboard_stats', 'get_dashboard_stats')
      UNION ALL
      SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'm'`);
    expect(rows).toEqual([]);
  });

  it('lets a viewer trigger no recomputation of every workspace', async () => {
    await actAs(db.pool, t.a.users.viewer, async (c) => {
      expect((await sqlError(c, 'SELECT refresh_dashboard_stats()'))?.code).toBe('42883');
    });
  });
});
