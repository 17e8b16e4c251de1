/**
 * interaction_principals (0015): derived links follow the interaction's
 * opportunity (its principals through products), the principal organization
 * it is with (directly or through a contact), and every change of those;
 * chosen links are a user's and no derivation touches them; the summary counts
 * an interaction once per principal through either kind. Everything as a
 * signed-in rep, as the sync server runs it.
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
const p = { sunrise: '', crunch: '', gelato: '' };
const product = { milk: uuid(), chips: uuid(), gelato: uuid() };
let customer: string;
let chef: string;
let principalRep: string;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  ws = t.a.workspaceId;
  rep = t.a.users.rep;
  p.sunrise = await insertOrganization(db.pool, ws, 'Sunrise Dairy', { principal: true });
  p.crunch = await insertOrganization(db.pool, ws, 'Crunch Co', { principal: true });
  p.gelato = await insertOrganization(db.pool, ws, 'Quiet Creamery', { principal: true });
  customer = await insertOrganization(db.pool, ws, 'Elm Street Bistro');
  await db.pool.query(
    `INSERT INTO products (id, workspace_id, principal_id, name) VALUES
       ($1, $4, $5, 'Whole Milk'), ($2, $4, $6, 'Kettle Chips'), ($3, $4, $7, 'Gelato')`,
    [product.milk, product.chips, product.gelato, ws, p.sunrise, p.crunch, p.gelato],
  );
  chef = uuid();
  principalRep = uuid();
  await db.pool.query(
    `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $3, $4, 'Chef Ana'), ($2, $3, $5, 'Sam of Sunrise')`,
    [chef, principalRep, ws, customer, p.sunrise],
  );
});
afterAll(async () => {
  await db.drop();
});

async function opportunity(c: pg.PoolClient, ...products: string[]): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Menu refresh', $3)`,
    [id, ws, customer],
  );
  for (const pr of products) await addProduct(c, id, pr);
  return id;
}

async function addProduct(c: pg.PoolClient, opp: string, pr: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
    [id, ws, opp, pr],
  );
  return id;
}

async function interaction(
  c: pg.PoolClient,
  about: { opportunity?: string; contact?: string; organization?: string },
): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id, contact_id, organization_id)
     VALUES ($1, $2, 'Meeting', $3, $4, $5)`,
    [id, ws, about.opportunity ?? null, about.contact ?? null, about.organization ?? null],
  );
  return id;
}

async function choose(c: pg.PoolClient, interactionId: string, principal: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
    [id, ws, interactionId, principal],
  );
  return id;
}

/** "principal name:source" of the live links, sorted; soft-deleted ones with a trailing "(deleted)". */
async function links(c: pg.PoolClient, interactionId: string): Promise<string[]> {
  const { rows } = await c.query<{ l: string }>(
    `SELECT o.name || ':' || ip.source || CASE WHEN ip.deleted_at IS NULL THEN '' ELSE ' (deleted)' END AS l
     FROM interaction_principals ip JOIN organizations o ON o.id = ip.principal_id
     WHERE ip.interaction_id = $1 ORDER BY 1`,
    [interactionId],
  );
  return rows.map((r) => r.l);
}

async function summary(c: pg.PoolClient, principal: string) {
  const { rows } = await c.query(
    `SELECT interactions_count::int, engagement_level::text, follow_ups_due_count::int
     FROM principal_activity_summary WHERE principal_id = $1`,
    [principal],
  );
  return rows[0];
}

describe('derived links', () => {
  it("follow the opportunity's principals, and its products as they change", async () => {
    await actAs(db.pool, rep, async (c) => {
      const opp = await opportunity(c, product.milk, product.chips);
      const i = await interaction(c, { opportunity: opp, contact: chef });
      expect(await links(c, i)).toEqual(['Crunch Co:derived', 'Sunrise Dairy:derived']);
      const line = await addProduct(c, opp, product.gelato);
      expect(await links(c, i)).toEqual([
        'Crunch Co:derived',
        'Quiet Creamery:derived',
        'Sunrise Dairy:derived',
      ]);
      await c.query('UPDATE opportunity_products SET deleted_at = now() WHERE id = $1', [line]);
      expect(await links(c, i)).toEqual([
        'Crunch Co:derived',
        'Quiet Creamery:derived (deleted)',
        'Sunrise Dairy:derived',
      ]);
      await c.query('UPDATE opportunity_products SET deleted_at = NULL WHERE id = $1', [line]);
      expect(await links(c, i)).toContain('Quiet Creamery:derived');
    });
  });

  it('follow the interaction when its opportunity or contact changes, and the opportunity when deleted', async () => {
    await actAs(db.pool, rep, async (c) => {
      const milk = await opportunity(c, product.milk);
      const chips = await opportunity(c, product.chips);
      const i = await interaction(c, { opportunity: milk });
      await c.query('UPDATE interactions SET opportunity_id = $2 WHERE id = $1', [i, chips]);
      expect(await links(c, i)).toEqual(['Crunch Co:derived', 'Sunrise Dairy:derived (deleted)']);
      await c.query('UPDATE opportunities SET deleted_at = now() WHERE id = $1', [chips]);
      expect(await links(c, i)).toEqual([
        'Crunch Co:derived (deleted)',
        'Sunrise Dairy:derived (deleted)',
      ]);
      await c.query('UPDATE opportunities SET deleted_at = NULL WHERE id = $1', [chips]);
      expect(await links(c, i)).toEqual(['Crunch Co:derived', 'Sunrise Dairy:derived (deleted)']);
    });
  });

  it('name the principal itself for an interaction with it or one of its contacts', async () => {
    await actAs(db.pool, rep, async (c) => {
      const withOrg = await interaction(c, { organization: p.gelato });
      const withContact = await interaction(c, { contact: principalRep });
      expect(await links(c, withOrg)).toEqual(['Quiet Creamery:derived']);
      expect(await links(c, withContact)).toEqual(['Sunrise Dairy:derived']);
      // On an opportunity (its organization is then the customer), Sam still brings Sunrise in...
      const chips = await opportunity(c, product.chips);
      const onDeal = await interaction(c, { opportunity: chips, contact: principalRep });
      expect(await links(c, onDeal)).toEqual(['Crunch Co:derived', 'Sunrise Dairy:derived']);
      // ...until Sam moves to a customer.
      await c.query('UPDATE contacts SET organization_id = $2 WHERE id = $1', [
        principalRep,
        customer,
      ]);
      expect(await links(c, onDeal)).toEqual([
        'Crunch Co:derived',
        'Sunrise Dairy:derived (deleted)',
      ]);
      // The organization a past interaction was with stays (0004 derives it on write), and so does its link.
      expect(await links(c, withContact)).toEqual(['Sunrise Dairy:derived']);
    });
  });

  it('a customer contact alone derives nothing: its principals are chosen (the app suggests them)', async () => {
    await actAs(db.pool, rep, async (c) => {
      await opportunity(c, product.milk);
      const i = await interaction(c, { contact: chef });
      expect(await links(c, i)).toEqual([]);
    });
  });
});

describe('chosen links', () => {
  it('survive product changes that move the derived ones, and are never written as derived', async () => {
    await actAs(db.pool, rep, async (c) => {
      const opp = await opportunity(c, product.milk);
      const i = await interaction(c, { opportunity: opp });
      await choose(c, i, p.crunch);
      await choose(c, i, p.sunrise); // the same principal as derived: both facts kept
      await c.query(
        'UPDATE opportunity_products SET deleted_at = now() WHERE opportunity_id = $1',
        [opp],
      );
      await addProduct(c, opp, product.gelato);
      expect(await links(c, i)).toEqual([
        'Crunch Co:chosen',
        'Quiet Creamery:derived',
        'Sunrise Dairy:chosen',
        'Sunrise Dairy:derived (deleted)',
      ]);
      // A client cannot pass a link off as derived, nor change a derived one.
      const forged = await sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source)
         VALUES ($1, $2, $3, $4, 'derived')`,
        [uuid(), ws, i, p.gelato],
      );
      expect(forged?.code).toBe('42501');
      const { rowCount } = await c.query(
        `UPDATE interaction_principals SET deleted_at = now() WHERE interaction_id = $1 AND source = 'derived'`,
        [i],
      );
      expect(rowCount).toBe(0);
    });
  });

  it('are removed by a soft delete and must name a principal', async () => {
    await actAs(db.pool, rep, async (c) => {
      const i = await interaction(c, { contact: chef });
      const link = await choose(c, i, p.crunch);
      await c.query('UPDATE interaction_principals SET deleted_at = now() WHERE id = $1', [link]);
      expect(await links(c, i)).toEqual(['Crunch Co:chosen (deleted)']);
      const notPrincipal = await sqlError(
        c,
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
        [uuid(), ws, i, customer],
      );
      expect(notPrincipal?.constraint).toBe('interaction_principals_principal_is_principal');
    });
  });

  it('are audited like every CRM row', async () => {
    await actAs(db.pool, rep, async (c) => {
      const i = await interaction(c, { contact: chef });
      const link = await choose(c, i, p.gelato);
      await c.query('UPDATE interaction_principals SET deleted_at = now() WHERE id = $1', [link]);
      const { rows } = await c.query(
        `SELECT action, actor_id FROM audit_log WHERE table_name = 'interaction_principals' AND record_id = $1 ORDER BY occurred_at, action`,
        [link],
      );
      expect(rows).toEqual([
        { action: 'insert', actor_id: rep },
        { action: 'soft_delete', actor_id: rep },
      ]);
    });
  });
});

describe('principal_activity_summary through the links', () => {
  it("counts a customer-contact meeting toward the principal the user chose (the app's suggestion)", async () => {
    await actAs(db.pool, rep, async (c) => {
      await opportunity(c, product.gelato); // Quiet Creamery's one open opportunity at the bistro
      expect(await summary(c, p.gelato)).toEqual({
        interactions_count: 0,
        engagement_level: 'Inactive',
        follow_ups_due_count: 0,
      });
      const i = await interaction(c, { contact: chef });
      await c.query(
        `UPDATE interactions SET follow_up_required = true, follow_up_date = current_date WHERE id = $1`,
        [i],
      );
      await choose(c, i, p.gelato);
      expect(await summary(c, p.gelato)).toEqual({
        interactions_count: 1,
        engagement_level: 'High',
        follow_ups_due_count: 1,
      });
    });
  });

  it('counts an interaction once per principal, whatever links name it', async () => {
    await actAs(db.pool, rep, async (c) => {
      const opp = await opportunity(c, product.chips);
      const i = await interaction(c, { opportunity: opp, contact: chef });
      await choose(c, i, p.crunch);
      expect((await summary(c, p.crunch)).interactions_count).toBe(1);
      await c.query('UPDATE interactions SET deleted_at = now() WHERE id = $1', [i]);
      expect((await summary(c, p.crunch)).interactions_count).toBe(0);
    });
  });

  it("counts an interaction logged on the principal's own page", async () => {
    await actAs(db.pool, rep, async (c) => {
      await interaction(c, { organization: p.sunrise });
      expect(await summary(c, p.sunrise)).toMatchObject({
        interactions_count: 1,
        engagement_level: 'High',
      });
    });
  });
});
