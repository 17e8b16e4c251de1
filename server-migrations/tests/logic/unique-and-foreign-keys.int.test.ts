/**
 * Uniqueness (23505) and references (23503), each refusal asserted with its
 * constraint name: the unique pairs, one membership per user, users' email
 * case-insensitively, and composite foreign keys that keep every reference
 * inside its own workspace (a tenant can never point at another's rows).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let g: CrmGraph; // workspace a
let other: CrmGraph; // workspace b
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.rep);
  other = await createCrmGraph(db.pool, t.b.workspaceId, t.b.users.rep);
});
afterAll(async () => {
  await db.drop();
});

const asRep = <T>(fn: (c: pg.PoolClient) => Promise<T>) => actAs(db.pool, t.a.users.rep, fn);

describe('unique constraints', () => {
  it('allows a product once per opportunity (opportunity_products_one_per_pair)', async () => {
    await asRep(async (c) => {
      const add = `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`;
      const params = [uuid(), t.a.workspaceId, g.opportunityId, g.productId];
      expect(await sqlError(c, add, params)).toMatchObject({
        code: '23505',
        constraint: 'opportunity_products_one_per_pair',
      });
      // A removed line still holds the pair: adding the product back means restoring that line.
      await c.query(`UPDATE opportunity_products SET deleted_at = now() WHERE id = $1`, [
        g.opportunityProductId,
      ]);
      expect(await sqlError(c, add, [uuid(), ...params.slice(1)])).toMatchObject({
        code: '23505',
        constraint: 'opportunity_products_one_per_pair',
      });
    });
  });

  it('allows a principal once per opportunity (opportunity_principals_one_per_pair)', async () => {
    // Only triggers write this table; the superuser stands in for a faulty one.
    await asSuperuser(db.pool, async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO opportunity_principals (workspace_id, opportunity_id, principal_id) VALUES ($1, $2, $3)`,
        [t.a.workspaceId, g.opportunityId, g.principalId],
      );
      expect(err).toMatchObject({
        code: '23505',
        constraint: 'opportunity_principals_one_per_pair',
      });
    });
  });

  it('gives a user one membership per workspace (workspace_members_one_per_user)', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`,
        [t.a.workspaceId, t.a.users.rep],
      );
      expect(err).toMatchObject({ code: '23505', constraint: 'workspace_members_one_per_user' });
      // The same user may of course join another workspace.
      const elsewhere = await sqlError(
        c,
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`,
        [t.a.workspaceId, t.b.users.rep],
      );
      expect(elsewhere).toBeNull();
    });
  });

  it('refuses a second user with the same email in any letter case (users_email_unique)', async () => {
    await asSuperuser(db.pool, async (c) => {
      await c.query(
        `INSERT INTO users (email, display_name) VALUES ('Dana.Chef@Example.test', 'Dana')`,
      );
      for (const email of ['dana.chef@example.test', 'DANA.CHEF@EXAMPLE.TEST']) {
        const err = await sqlError(
          c,
          `INSERT INTO users (email, display_name) VALUES ($1, 'Copy')`,
          [email],
        );
        expect(err, email).toMatchObject({ code: '23505', constraint: 'users_email_unique' });
      }
    });
  });

  it('refuses a client-generated id that is already taken (organizations_pkey)', async () => {
    await asRep(async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Twin')`,
        [g.customerId, t.a.workspaceId],
      );
      expect(err).toMatchObject({ code: '23505', constraint: 'organizations_pkey' });
    });
  });
});

describe('foreign keys keep references inside the workspace', () => {
  const cases: Array<{ name: string; constraint: string; sql: string; params: () => unknown[] }> = [
    {
      name: "a contact at another tenant's organization",
      constraint: 'contacts_organization_same_workspace',
      sql: `INSERT INTO contacts (workspace_id, organization_id, first_name) VALUES ($1, $2, 'Spy')`,
      params: () => [t.a.workspaceId, other.customerId],
    },
    {
      name: "an opportunity for another tenant's customer",
      constraint: 'opportunities_organization_same_workspace',
      sql: `INSERT INTO opportunities (workspace_id, name, organization_id) VALUES ($1, 'Poach', $2)`,
      params: () => [t.a.workspaceId, other.customerId],
    },
    {
      name: "an opportunity whose primary contact is another tenant's",
      constraint: 'opportunities_primary_contact_same_workspace',
      sql: `UPDATE opportunities SET primary_contact_id = $2 WHERE id = $1`,
      params: () => [g.opportunityId, other.contactId],
    },
    {
      name: 'an opportunity owned by someone who is not a member',
      constraint: 'opportunities_owner_is_member',
      sql: `UPDATE opportunities SET owner_id = $2 WHERE id = $1`,
      params: () => [g.opportunityId, t.b.users.rep],
    },
    {
      name: 'an account manager who is not a member',
      constraint: 'organizations_account_manager_is_member',
      sql: `UPDATE organizations SET account_manager_id = $2 WHERE id = $1`,
      params: () => [g.customerId, t.stranger],
    },
    {
      name: "another tenant's product on an opportunity",
      constraint: 'opportunity_products_product_same_workspace',
      sql: `INSERT INTO opportunity_products (workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3)`,
      params: () => [t.a.workspaceId, g.opportunityId, other.productId],
    },
    {
      name: "an interaction with another tenant's contact",
      constraint: 'interactions_contact_same_workspace',
      sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id) VALUES ($1, 'Email', $2)`,
      params: () => [t.a.workspaceId, other.contactId],
    },
    {
      name: "an interaction about another tenant's opportunity",
      constraint: 'interactions_opportunity_same_workspace',
      sql: `INSERT INTO interactions (workspace_id, interaction_type, opportunity_id) VALUES ($1, 'Email', $2)`,
      params: () => [t.a.workspaceId, other.opportunityId],
    },
    {
      name: "an interaction with another tenant's organization",
      constraint: 'interactions_organization_same_workspace',
      sql: `INSERT INTO interactions (workspace_id, interaction_type, organization_id) VALUES ($1, 'Email', $2)`,
      params: () => [t.a.workspaceId, other.customerId],
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} (${c.constraint})`, async () => {
      await asRep(async (client) => {
        expect(await sqlError(client, c.sql, c.params())).toMatchObject({
          code: '23503',
          constraint: c.constraint,
        });
      });
    });
  }

  it("refuses a device for a user who is not a member of the device's workspace (devices_user_is_member)", async () => {
    await asSuperuser(db.pool, async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES ($1, $2, $3, 'Laptop', 'darwin')`,
        [uuid(), t.a.workspaceId, t.stranger],
      );
      expect(err).toMatchObject({ code: '23503', constraint: 'devices_user_is_member' });
    });
  });

  it('refuses purging a contact that an interaction still points at (no cascade into history)', async () => {
    await actAs(db.pool, t.a.users.manager, async (c) => {
      const contact = uuid();
      await c.query(
        `INSERT INTO contacts (id, workspace_id, first_name) VALUES ($1, $2, 'Briefly Known')`,
        [contact, t.a.workspaceId],
      );
      await c.query(
        `INSERT INTO interactions (workspace_id, interaction_type, contact_id) VALUES ($1, 'Phone Call', $2)`,
        [t.a.workspaceId, contact],
      );
      const err = await sqlError(c, `DELETE FROM contacts WHERE id = $1`, [contact]);
      expect(err).toMatchObject({
        code: '23503',
        constraint: 'interactions_contact_same_workspace',
      });
    });
  });
});
