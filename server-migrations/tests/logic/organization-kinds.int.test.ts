/**
 * References that must point at the right kind of organization: a product's
 * principal is_principal, an opportunity's distributor is_distributor; and the
 * other side of the same rule, an organization keeps its kind while rows rely
 * on it. Both sides raise check_violation naming the rule as the constraint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let principal: string;
let distributor: string;
let customer: string;
let otherTenantPrincipal: string;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  principal = await insertOrganization(db.pool, t.a.workspaceId, 'Saucy Foods', {
    principal: true,
  });
  distributor = await insertOrganization(db.pool, t.a.workspaceId, 'Sysco North', {
    distributor: true,
  });
  customer = await insertOrganization(db.pool, t.a.workspaceId, 'Elm Street Bistro');
  otherTenantPrincipal = await insertOrganization(db.pool, t.b.workspaceId, 'Beta Principal', {
    principal: true,
  });
});
afterAll(async () => {
  await db.drop();
});

const PRODUCT = `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Chipotle Sauce')`;
const OPPORTUNITY = `INSERT INTO opportunities (id, workspace_id, name, organization_id, distributor_id) VALUES ($1, $2, 'Trial', $3, $4)`;
const notPrincipal = { code: '23514', constraint: 'products_principal_is_principal' };
const notDistributor = { code: '23514', constraint: 'opportunities_distributor_is_distributor' };

describe("a product's principal", () => {
  it('must be an organization marked as principal', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(await sqlError(c, PRODUCT, [uuid(), t.a.workspaceId, customer])).toMatchObject(
        notPrincipal,
      );
      expect(await sqlError(c, PRODUCT, [uuid(), t.a.workspaceId, distributor])).toMatchObject(
        notPrincipal,
      );
      expect(await sqlError(c, PRODUCT, [uuid(), t.a.workspaceId, principal])).toBeNull();
    });
  });

  it("must be a principal of the product's own workspace", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(
        await sqlError(c, PRODUCT, [uuid(), t.a.workspaceId, otherTenantPrincipal]),
      ).toMatchObject(notPrincipal);
    });
  });

  it('is checked again when a product moves to another organization', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = uuid();
      await c.query(PRODUCT, [id, t.a.workspaceId, principal]);
      const err = await sqlError(c, `UPDATE products SET principal_id = $2 WHERE id = $1`, [
        id,
        customer,
      ]);
      expect(err).toMatchObject(notPrincipal);
    });
  });
});

describe("an opportunity's distributor", () => {
  it('must be an organization marked as distributor, or none', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(
        await sqlError(c, OPPORTUNITY, [uuid(), t.a.workspaceId, customer, principal]),
      ).toMatchObject(notDistributor);
      expect(
        await sqlError(c, OPPORTUNITY, [uuid(), t.a.workspaceId, customer, distributor]),
      ).toBeNull();
      expect(await sqlError(c, OPPORTUNITY, [uuid(), t.a.workspaceId, customer, null])).toBeNull();
    });
  });

  it('is checked again when the distributor changes', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = uuid();
      await c.query(OPPORTUNITY, [id, t.a.workspaceId, customer, distributor]);
      const other = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Plain Org')`,
        [other, t.a.workspaceId],
      );
      expect(
        await sqlError(c, `UPDATE opportunities SET distributor_id = $2 WHERE id = $1`, [
          id,
          other,
        ]),
      ).toMatchObject(notDistributor);
      expect(
        await sqlError(c, `UPDATE opportunities SET distributor_id = NULL WHERE id = $1`, [id]),
      ).toBeNull();
    });
  });
});

describe('an organization keeps its kind while rows rely on it', () => {
  it('stays a principal while it has products, soft-deleted ones included', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const product = uuid();
      await c.query(PRODUCT, [product, t.a.workspaceId, principal]);
      const unflag = `UPDATE organizations SET is_principal = false, is_customer = true WHERE id = $1`;
      expect(await sqlError(c, unflag, [principal])).toMatchObject(notPrincipal);
      // A soft-deleted product can be restored, so it still relies on the principal.
      await c.query(`UPDATE products SET deleted_at = now() WHERE id = $1`, [product]);
      expect(await sqlError(c, unflag, [principal])).toMatchObject(notPrincipal);
    });
  });

  it('may stop being a principal once nothing relies on it', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const lonely = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $2, 'Idle Principal', true)`,
        [lonely, t.a.workspaceId],
      );
      expect(
        await sqlError(c, `UPDATE organizations SET is_principal = false, is_customer = true WHERE id = $1`, [lonely]),
      ).toBeNull();
    });
  });

  it('stays a distributor while opportunities name it', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const unflag = `UPDATE organizations SET is_distributor = false, is_customer = true WHERE id = $1`;
      expect(await sqlError(c, unflag, [distributor])).toBeNull();
      await c.query(`UPDATE organizations SET is_distributor = true WHERE id = $1`, [distributor]);
      await c.query(OPPORTUNITY, [uuid(), t.a.workspaceId, customer, distributor]);
      expect(await sqlError(c, unflag, [distributor])).toMatchObject(notDistributor);
      // Changing other columns of a distributor in use is fine.
      expect(
        await sqlError(c, `UPDATE organizations SET segment = 'Broadline' WHERE id = $1`, [
          distributor,
        ]),
      ).toBeNull();
    });
  });
});
