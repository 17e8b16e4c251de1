/**
 * opportunity_principals is derived by triggers from the principals of an
 * opportunity's live products: created on insert, soft-deleted when no live
 * product of that principal is left, restored (same row) when one comes back,
 * moved when a product changes principal. Clients never write it.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let principalA: string;
let principalB: string;
let customer: string;
const product = { a1: uuid(), a2: uuid(), b1: uuid() };
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  principalA = await insertOrganization(db.pool, t.a.workspaceId, 'Saucy Foods', {
    principal: true,
  });
  principalB = await insertOrganization(db.pool, t.a.workspaceId, 'Crisp Greens', {
    principal: true,
  });
  customer = await insertOrganization(db.pool, t.a.workspaceId, 'Elm Street Bistro');
  await db.pool.query(
    `INSERT INTO products (id, workspace_id, principal_id, name) VALUES
       ($1, $4, $5, 'Chipotle Sauce'), ($2, $4, $5, 'Garlic Aioli'), ($3, $4, $6, 'Romaine Hearts')`,
    [product.a1, product.a2, product.b1, t.a.workspaceId, principalA, principalB],
  );
});
afterAll(async () => {
  await db.drop();
});

async function opportunity(c: pg.PoolClient): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Menu refresh', $3)`,
    [id, t.a.workspaceId, customer],
  );
  return id;
}

async function addProducts(
  c: pg.PoolClient,
  opp: string,
  ...products: string[]
): Promise<string[]> {
  const ids = products.map(() => uuid());
  await c.query(
    `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id)
     SELECT unnest($1::uuid[]), $2, $3, unnest($4::uuid[])`,
    [ids, t.a.workspaceId, opp, products],
  );
  return ids;
}

/** The derived pairs of an opportunity: principal -> 'live' | 'deleted'. */
async function pairs(c: pg.PoolClient, opp: string): Promise<Record<string, 'live' | 'deleted'>> {
  const { rows } = await c.query<{ principal_id: string; live: boolean }>(
    `SELECT principal_id, deleted_at IS NULL AS live FROM opportunity_principals WHERE opportunity_id = $1`,
    [opp],
  );
  return Object.fromEntries(rows.map((r) => [r.principal_id, r.live ? 'live' : 'deleted']));
}

async function pairId(c: pg.PoolClient, opp: string, principal: string): Promise<string> {
  return (
    await one<{ id: string }>(
      c,
      `SELECT id FROM opportunity_principals WHERE opportunity_id = $1 AND principal_id = $2`,
      [opp, principal],
    )
  ).id;
}

describe('opportunity_principals', () => {
  it("is derived from a product's principal when the product is added", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      expect(await pairs(c, opp)).toEqual({});
      await addProducts(c, opp, product.a1);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live' });
      const r = await one(
        c,
        `SELECT workspace_id FROM opportunity_principals WHERE opportunity_id = $1`,
        [opp],
      );
      expect(r).toEqual({ workspace_id: t.a.workspaceId });
    });
  });

  it('gives one pair for two products of the same principal, and one per principal', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      await addProducts(c, opp, product.a1, product.a2);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live' });
      await addProducts(c, opp, product.b1);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live', [principalB]: 'live' });
      const { count } = await one<{ count: number }>(
        c,
        `SELECT count(*)::int AS count FROM opportunity_principals WHERE opportunity_id = $1`,
        [opp],
      );
      expect(count).toBe(2);
    });
  });

  it('is soft-deleted when the product is removed (deleted_at) and restored, same row, when it comes back', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      const [line] = await addProducts(c, opp, product.a1);
      const before = await pairId(c, opp, principalA);
      await c.query(`UPDATE opportunity_products SET deleted_at = now() WHERE id = $1`, [line]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'deleted' });
      await c.query(`UPDATE opportunity_products SET deleted_at = NULL WHERE id = $1`, [line]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live' });
      expect(await pairId(c, opp, principalA)).toBe(before);
      // Each step is a change clients receive and the audit trail keeps, in order.
      const { rows } = await c.query(
        `SELECT action, actor_id FROM audit_log WHERE record_id = $1 ORDER BY occurred_at`,
        [before],
      );
      expect(rows).toEqual(
        ['insert', 'soft_delete', 'restore'].map((action) => ({ action, actor_id: t.a.users.rep })),
      );
    });
  });

  it('stays while another product of the same principal remains on the opportunity', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      const [first, second] = await addProducts(c, opp, product.a1, product.a2);
      await c.query(`UPDATE opportunity_products SET deleted_at = now() WHERE id = $1`, [first]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live' });
      await c.query(`UPDATE opportunity_products SET deleted_at = now() WHERE id = $1`, [second]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'deleted' });
    });
  });

  it('is soft-deleted when the product line is purged and restored when the product is added again', async () => {
    await actAs(db.pool, t.a.users.manager, async (c) => {
      const opp = await opportunity(c);
      const [line] = await addProducts(c, opp, product.a1, product.b1);
      const before = await pairId(c, opp, principalA);
      await c.query(`DELETE FROM opportunity_products WHERE id = $1`, [line]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'deleted', [principalB]: 'live' });
      await addProducts(c, opp, product.a1);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live', [principalB]: 'live' });
      expect(await pairId(c, opp, principalA)).toBe(before);
    });
  });

  it('is soft-deleted when the product itself is purged (its lines cascade)', async () => {
    await actAs(db.pool, t.a.users.manager, async (c) => {
      const opp = await opportunity(c);
      const doomed = uuid();
      await c.query(
        `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Discontinued Dip')`,
        [doomed, t.a.workspaceId, principalB],
      );
      await addProducts(c, opp, product.a1, doomed);
      await c.query(`DELETE FROM products WHERE id = $1`, [doomed]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'live', [principalB]: 'deleted' });
    });
  });

  it("moves when a product's principal changes", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      const other = await opportunity(c);
      await addProducts(c, opp, product.a1);
      await addProducts(c, other, product.a1, product.a2);
      await c.query(`UPDATE products SET principal_id = $2 WHERE id = $1`, [
        product.a1,
        principalB,
      ]);
      expect(await pairs(c, opp)).toEqual({ [principalA]: 'deleted', [principalB]: 'live' });
      // The other opportunity still has a product of A (a2), so A stays there.
      expect(await pairs(c, other)).toEqual({ [principalA]: 'live', [principalB]: 'live' });
    });
  });

  it('derives nothing from a product line that arrives already removed', async () => {
    // An offline client that added and removed a product syncs both at once.
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const opp = await opportunity(c);
      await c.query(
        `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id, deleted_at) VALUES ($1, $2, $3, $4, now())`,
        [uuid(), t.a.workspaceId, opp, product.b1],
      );
      expect(await pairs(c, opp)).toEqual({});
    });
  });

  it('cannot be written by clients', async () => {
    await actAs(db.pool, t.a.users.admin, async (c) => {
      const opp = await opportunity(c);
      const err = await sqlError(
        c,
        `INSERT INTO opportunity_principals (workspace_id, opportunity_id, principal_id) VALUES ($1, $2, $3)`,
        [t.a.workspaceId, opp, principalA],
      );
      expect(err?.code).toBe('42501');
    });
  });
});
