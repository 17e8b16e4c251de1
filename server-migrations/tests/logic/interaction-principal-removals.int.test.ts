/**
 * Removed principals (0018): a user says an interaction is not about a
 * principal the triggers derive. The removal survives every change that moves
 * the derivation, hides the pair from principal_activity_summary, is audited,
 * and taking it back (re-adding the principal) counts the interaction again.
 * Everything as a signed-in rep, as the sync server runs it.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let ws: string;
let rep: string;
let sunrise: string;
let crunch: string;
let customer: string;
const product = { milk: uuid(), chips: uuid() };

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  ws = t.a.workspaceId;
  rep = t.a.users.rep;
  sunrise = await insertOrganization(db.pool, ws, 'Sunrise Dairy', { principal: true });
  crunch = await insertOrganization(db.pool, ws, 'Crunch Co', { principal: true });
  customer = await insertOrganization(db.pool, ws, 'Elm Street Bistro');
  await db.pool.query(
    `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $3, $4, 'Whole Milk'), ($2, $3, $5, 'Kettle Chips')`,
    [product.milk, product.chips, ws, sunrise, crunch],
  );
});
afterAll(async () => {
  await db.drop();
});

/** An opportunity at the customer with these products, and an interaction on it. */
async function interactionOnDeal(c: pg.PoolClient, ...products: string[]) {
  const opp = uuid();
  await c.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Menu refresh', $3)`,
    [opp, ws, customer],
  );
  const lines: string[] = [];
  for (const pr of products) lines.push(await addProduct(c, opp, pr));
  const interaction = uuid();
  await c.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id) VALUES ($1, $2, 'Meeting', $3)`,
    [interaction, ws, opp],
  );
  return { opp, interaction, lines };
}

async function addProduct(c: pg.PoolClient, opp: string, pr: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
    [id, ws, opp, pr],
  );
  return id;
}

async function remove(c: pg.PoolClient, interaction: string, principal: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
     VALUES ($1, $2, $3, $4, 'removed')`,
    [id, ws, interaction, principal],
  );
  return id;
}

async function count(c: pg.PoolClient, principal: string): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT interactions_count::int AS n FROM principal_activity_summary WHERE principal_id = $1`,
    [principal],
  );
  return rows[0]!.n;
}

async function liveSources(c: pg.PoolClient, interaction: string, principal: string) {
  const { rows } = await c.query<{ source: string }>(
    `SELECT source::text FROM interaction_principals
     WHERE interaction_id = $1 AND principal_id = $2 AND deleted_at IS NULL ORDER BY 1`,
    [interaction, principal],
  );
  return rows.map((r) => r.source);
}

describe('removing a derived principal', () => {
  it('hides the pair from the summary, and survives the product changes that move the derivation', async () => {
    await actAs(db.pool, rep, async (c) => {
      const before = await count(c, sunrise);
      const { opp, interaction, lines } = await interactionOnDeal(c, product.milk, product.chips);
      expect(await count(c, sunrise)).toBe(before + 1);
      await remove(c, interaction, sunrise);
      expect(await count(c, sunrise)).toBe(before);
      expect(await liveSources(c, interaction, sunrise)).toEqual(['derived', 'removed']);
      // The milk line goes and comes back: the derived row follows, the removal stays.
      await c.query('UPDATE opportunity_products SET deleted_at = now() WHERE id = $1', [lines[0]]);
      expect(await liveSources(c, interaction, sunrise)).toEqual(['removed']);
      await c.query('UPDATE opportunity_products SET deleted_at = NULL WHERE id = $1', [lines[0]]);
      // The opportunity deleted and restored: two more derivation passes.
      await c.query('UPDATE opportunities SET deleted_at = now() WHERE id = $1', [opp]);
      expect(await liveSources(c, interaction, sunrise)).toEqual(['removed']);
      await c.query('UPDATE opportunities SET deleted_at = NULL WHERE id = $1', [opp]);
      expect(await liveSources(c, interaction, sunrise)).toEqual(['derived', 'removed']);
      expect(await count(c, sunrise)).toBe(before);
      // Crunch, not removed, still counts.
      expect(await liveSources(c, interaction, crunch)).toEqual(['derived']);
    });
  });

  it('also hides a chosen link of the same pair (a removal wins)', async () => {
    await actAs(db.pool, rep, async (c) => {
      const before = await count(c, crunch);
      const { interaction } = await interactionOnDeal(c, product.milk);
      await c.query(
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
        [uuid(), ws, interaction, crunch],
      );
      expect(await count(c, crunch)).toBe(before + 1);
      await remove(c, interaction, crunch);
      expect(await count(c, crunch)).toBe(before);
    });
  });

  it('re-adding the principal (the removal soft-deleted) counts the interaction again', async () => {
    await actAs(db.pool, rep, async (c) => {
      const before = await count(c, sunrise);
      const { interaction } = await interactionOnDeal(c, product.milk);
      const removal = await remove(c, interaction, sunrise);
      expect(await count(c, sunrise)).toBe(before);
      await c.query('UPDATE interaction_principals SET deleted_at = now() WHERE id = $1', [
        removal,
      ]);
      expect(await count(c, sunrise)).toBe(before + 1);
      // Removing again restores the same row (one removal per pair).
      await c.query('UPDATE interaction_principals SET deleted_at = NULL WHERE id = $1', [removal]);
      expect(await count(c, sunrise)).toBe(before);
      const twice = await sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, $4, 'removed')`,
        [uuid(), ws, interaction, sunrise],
      );
      expect(twice?.constraint).toBe('interaction_principals_one_per_pair_and_source');
    });
  });

  it('must name a principal, and is audited like every write', async () => {
    await actAs(db.pool, rep, async (c) => {
      const { interaction } = await interactionOnDeal(c, product.milk);
      const notPrincipal = await sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, $4, 'removed')`,
        [uuid(), ws, interaction, customer],
      );
      expect(notPrincipal?.constraint).toBe('interaction_principals_principal_is_principal');
      const removal = await remove(c, interaction, sunrise);
      await c.query('UPDATE interaction_principals SET deleted_at = now() WHERE id = $1', [
        removal,
      ]);
      const { rows } = await c.query(
        // An update's audit row carries the changed fields only: the insert names the source.
        `SELECT action, actor_id, new_values->>'source' AS source FROM audit_log
         WHERE table_name = 'interaction_principals' AND record_id = $1 ORDER BY occurred_at, action`,
        [removal],
      );
      expect(rows).toEqual([
        { action: 'insert', actor_id: rep, source: 'removed' },
        { action: 'soft_delete', actor_id: rep, source: null },
      ]);
    });
  });
});
