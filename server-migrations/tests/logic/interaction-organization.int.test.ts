/**
 * interactions.organization_id is derived (crm.derive_interaction_organization):
 * the opportunity's customer, else the contact's organization, else what the
 * writer gave. Re-derived when the opportunity, contact or organization changes.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { insertOrganization, one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let g: CrmGraph; // opportunity at g.customerId; contact g.contactId also at g.customerId
let otherOrg: string; // a second customer
let otherContact: string; // works at otherOrg
let freelancer: string; // a contact with no organization
let otherOpportunity: string; // at otherOrg
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.rep);
  otherOrg = await insertOrganization(db.pool, t.a.workspaceId, 'Harbor Grill');
  otherContact = uuid();
  freelancer = uuid();
  await db.pool.query(
    `INSERT INTO contacts (id, workspace_id, organization_id, first_name, last_name) VALUES
       ($1, $3, $4, 'Sam', 'Grill'), ($2, $3, NULL, 'Free', 'Lancer')`,
    [otherContact, freelancer, t.a.workspaceId, otherOrg],
  );
  otherOpportunity = uuid();
  await db.pool.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Grill menu', $3)`,
    [otherOpportunity, t.a.workspaceId, otherOrg],
  );
});
afterAll(async () => {
  await db.drop();
});

/** Logs an interaction as the rep and returns the organization the server stored. */
async function derived(
  c: pg.PoolClient,
  refs: { opportunity?: string | null; contact?: string | null; organization?: string | null },
): Promise<{ id: string; organization_id: string | null }> {
  const id = uuid();
  await c.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id, contact_id, organization_id)
     VALUES ($1, $2, 'Note', $3, $4, $5)`,
    [
      id,
      t.a.workspaceId,
      refs.opportunity ?? null,
      refs.contact ?? null,
      refs.organization ?? null,
    ],
  );
  return one(c, `SELECT id, organization_id FROM interactions WHERE id = $1`, [id]);
}

describe('interactions.organization_id', () => {
  it("is the opportunity's customer when there is an opportunity, over the contact's and the given one", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const r = await derived(c, {
        opportunity: g.opportunityId,
        contact: otherContact,
        organization: otherOrg,
      });
      expect(r.organization_id).toBe(g.customerId);
    });
  });

  it("is the contact's organization when there is no opportunity, over the given one", async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect(
        (await derived(c, { contact: otherContact, organization: g.customerId })).organization_id,
      ).toBe(otherOrg);
      expect((await derived(c, { contact: otherContact })).organization_id).toBe(otherOrg);
    });
  });

  it('is what the writer gave when neither an opportunity nor the contact names one', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      expect((await derived(c, { organization: otherOrg })).organization_id).toBe(otherOrg);
      expect(
        (await derived(c, { contact: freelancer, organization: otherOrg })).organization_id,
      ).toBe(otherOrg);
      expect((await derived(c, { contact: freelancer })).organization_id).toBeNull();
    });
  });

  it('follows the interaction when it is moved to another opportunity or contact', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const { id } = await derived(c, { opportunity: g.opportunityId, contact: g.contactId });
      const read = `SELECT organization_id FROM interactions WHERE id = $1`;

      await c.query(`UPDATE interactions SET opportunity_id = $2 WHERE id = $1`, [
        id,
        otherOpportunity,
      ]);
      expect(await one(c, read, [id])).toEqual({ organization_id: otherOrg });

      // Without an opportunity the contact decides again.
      await c.query(`UPDATE interactions SET opportunity_id = NULL WHERE id = $1`, [id]);
      expect(await one(c, read, [id])).toEqual({ organization_id: g.customerId });

      await c.query(`UPDATE interactions SET contact_id = $2 WHERE id = $1`, [id, otherContact]);
      expect(await one(c, read, [id])).toEqual({ organization_id: otherOrg });
    });
  });

  it('cannot be overridden by writing organization_id on an interaction that has an opportunity', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const { id } = await derived(c, { opportunity: g.opportunityId });
      await c.query(`UPDATE interactions SET organization_id = $2 WHERE id = $1`, [id, otherOrg]);
      expect(await one(c, `SELECT organization_id FROM interactions WHERE id = $1`, [id])).toEqual({
        organization_id: g.customerId,
      });
    });
  });

  it('is derived for every row of a multi-row insert', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const ids = [uuid(), uuid(), uuid()];
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id, contact_id, organization_id) VALUES
           ($1, $4, 'Email', $5, NULL, NULL), ($2, $4, 'Email', NULL, $6, NULL), ($3, $4, 'Email', NULL, NULL, $7)`,
        [...ids, t.a.workspaceId, otherOpportunity, g.contactId, otherOrg],
      );
      const { rows } = await c.query(
        `SELECT organization_id FROM interactions WHERE id = ANY ($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
        [ids],
      );
      expect(rows.map((r) => r.organization_id)).toEqual([otherOrg, g.customerId, otherOrg]);
    });
  });
});
