/**
 * Every CHECK constraint, each with a bad row that it must refuse with
 * check_violation (23514) and its own name; a last test compares the list
 * with the catalog so a new CHECK without a test here fails the suite.
 * CRM rows are written as a rep (the real path); tenancy tables and the audit
 * log, which clients cannot write, as the superuser.
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
import { asSuperuser } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
let g: CrmGraph;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
  g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.rep);
});
afterAll(async () => {
  await db.drop();
});

const long = (n: number) => 'x'.repeat(n);

interface Case {
  constraint: string;
  as: 'rep' | 'superuser';
  sql: string;
  params: () => unknown[];
}

const orgUpdate = (constraint: string, column: string, value: string): Case => ({
  constraint,
  as: 'rep',
  sql: `UPDATE organizations SET ${column} = $2 WHERE id = $1`,
  params: () => [g.customerId, value],
});
const contactUpdate = (constraint: string, set: string, value: unknown): Case => ({
  constraint,
  as: 'rep',
  sql: `UPDATE contacts SET ${set} WHERE id = $1`,
  params: () => [g.contactId, value],
});

const CASES: Case[] = [
  {
    constraint: 'workspaces_name_not_blank',
    as: 'superuser',
    sql: `INSERT INTO workspaces (name) VALUES ($1)`,
    params: () => ['   '],
  },
  {
    constraint: 'users_email_format',
    as: 'superuser',
    sql: `INSERT INTO users (email, display_name) VALUES ($1, 'Pat')`,
    params: () => ['pat at example.test'],
  },
  {
    constraint: 'users_display_name_not_blank',
    as: 'superuser',
    sql: `INSERT INTO users (email, display_name) VALUES ('pat@example.test', $1)`,
    params: () => [''],
  },
  {
    constraint: 'user_credentials_hash_not_blank',
    as: 'superuser',
    sql: `INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)`,
    params: () => [t.a.users.rep, 'short'],
  },
  {
    constraint: 'devices_name_not_blank',
    as: 'superuser',
    sql: `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES (gen_random_uuid(), $1, $2, ' ', 'linux')`,
    params: () => [t.a.workspaceId, t.a.users.rep],
  },
  {
    constraint: 'devices_wipe_means_revoked',
    as: 'superuser',
    sql: `INSERT INTO devices (id, workspace_id, user_id, name, platform, wipe_requested_at) VALUES (gen_random_uuid(), $1, $2, 'Laptop', 'linux', now())`,
    params: () => [t.a.workspaceId, t.a.users.rep],
  },
  {
    constraint: 'organizations_has_a_kind',
    as: 'rep',
    sql: `UPDATE organizations SET is_customer = false WHERE id = $1`,
    params: () => [g.customerId],
  },
  {
    constraint: 'devices_platform_known',
    as: 'superuser',
    sql: `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES (gen_random_uuid(), $1, $2, 'Phone', 'android')`,
    params: () => [t.a.workspaceId, t.a.users.rep],
  },
  {
    constraint: 'audit_log_action_known',
    as: 'superuser',
    sql: `INSERT INTO audit_log (workspace_id, table_name, record_id, action) VALUES ($1, 'organizations', gen_random_uuid(), 'upsert')`,
    params: () => [t.a.workspaceId],
  },

  orgUpdate('organizations_name_not_blank', 'name', '  '),
  orgUpdate('organizations_segment_length', 'segment', long(101)),
  orgUpdate('organizations_phone_format', 'phone', 'call me maybe'),
  orgUpdate('organizations_email_format', 'email', 'orders@bistro'),
  orgUpdate('organizations_website_length', 'website', long(301)),
  orgUpdate('organizations_address_length', 'address_line', long(301)),
  orgUpdate('organizations_city_length', 'city', long(101)),
  orgUpdate('organizations_region_length', 'region', long(101)),
  orgUpdate('organizations_postal_code_length', 'postal_code', long(21)),
  orgUpdate('organizations_country_length', 'country', long(101)),
  orgUpdate('organizations_notes_length', 'notes', long(20001)),

  contactUpdate('contacts_first_name_length', 'first_name = $2', long(101)),
  contactUpdate('contacts_last_name_length', 'last_name = $2', long(101)),
  contactUpdate('contacts_title_length', 'title = $2', long(151)),
  contactUpdate('contacts_email_format', 'email = $2', 'dana @bistro.example'),
  contactUpdate('contacts_phone_format', 'phone = $2', '555-CHEF'),
  contactUpdate('contacts_notes_length', 'notes = $2', long(20001)),
  contactUpdate('contacts_has_a_name', 'first_name = $2, last_name = NULL', '   '),

  {
    constraint: 'products_name_not_blank',
    as: 'rep',
    sql: `UPDATE products SET name = $2 WHERE id = $1`,
    params: () => [g.productId, long(201)],
  },
  {
    constraint: 'products_sku_length',
    as: 'rep',
    sql: `UPDATE products SET sku = $2 WHERE id = $1`,
    params: () => [g.productId, long(61)],
  },
  {
    constraint: 'products_category_length',
    as: 'rep',
    sql: `UPDATE products SET category = $2 WHERE id = $1`,
    params: () => [g.productId, long(101)],
  },
  {
    constraint: 'products_description_length',
    as: 'rep',
    sql: `UPDATE products SET description = $2 WHERE id = $1`,
    params: () => [g.productId, long(5001)],
  },

  {
    constraint: 'opportunities_name_not_blank',
    as: 'rep',
    sql: `UPDATE opportunities SET name = $2 WHERE id = $1`,
    params: () => [g.opportunityId, ''],
  },
  {
    constraint: 'opportunities_context_length',
    as: 'rep',
    sql: `UPDATE opportunities SET context = $2 WHERE id = $1`,
    params: () => [g.opportunityId, long(101)],
  },
  {
    constraint: 'opportunities_notes_length',
    as: 'rep',
    sql: `UPDATE opportunities SET notes = $2 WHERE id = $1`,
    params: () => [g.opportunityId, long(20001)],
  },
  {
    constraint: 'opportunities_distributor_is_not_the_customer',
    as: 'rep',
    // The distributor itself as the customer: it is a distributor, so only this CHECK can object.
    sql: `UPDATE opportunities SET organization_id = $2 WHERE id = $1`,
    params: () => [g.opportunityId, g.distributorId],
  },
  {
    constraint: 'opportunities_close_reason_required',
    as: 'rep',
    sql: `UPDATE opportunities SET stage = 'Closed - Stalled', close_reason = NULL WHERE id = $1`,
    params: () => [g.opportunityId],
  },
  {
    constraint: 'opportunities_close_reason_note_length',
    as: 'rep',
    // In a stage that keeps its reason, so only the note's length can object.
    sql: `UPDATE opportunities SET stage = 'Closed - No Fit', close_reason = 'Other', close_reason_note = $2 WHERE id = $1`,
    params: () => [g.opportunityId, long(501)],
  },
  {
    constraint: 'opportunity_products_notes_length',
    as: 'rep',
    sql: `UPDATE opportunity_products SET notes = $2 WHERE id = $1`,
    params: () => [g.opportunityProductId, long(2001)],
  },

  {
    constraint: 'interactions_notes_length',
    as: 'rep',
    sql: `UPDATE interactions SET notes = $2 WHERE id = $1`,
    params: () => [g.interactionId, long(20001)],
  },
  {
    constraint: 'interactions_interaction_date_in_range',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id, interaction_date) VALUES ($1, 'Email', $2, '10000-01-01T00:00:00Z')`,
    params: () => [t.a.workspaceId, g.contactId],
  },
  {
    constraint: 'interactions_follow_up_date_in_range',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id, follow_up_required, follow_up_date) VALUES ($1, 'Email', $2, true, '1899-12-31')`,
    params: () => [t.a.workspaceId, g.contactId],
  },
  {
    constraint: 'interactions_follow_up_date_needs_follow_up',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id, follow_up_required, follow_up_date) VALUES ($1, 'Email', $2, false, current_date + 1)`,
    params: () => [t.a.workspaceId, g.contactId],
  },
  {
    constraint: 'interactions_follow_up_done_needs_follow_up',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id, follow_up_required, follow_up_done_at) VALUES ($1, 'Email', $2, false, now())`,
    params: () => [t.a.workspaceId, g.contactId],
  },
  {
    // Checked before the pattern (PostgreSQL runs CHECKs in name order): too long is told as such.
    constraint: 'interactions_follow_up_time_length',
    as: 'rep',
    sql: `UPDATE interactions SET follow_up_time = $2 WHERE id = $1`,
    params: () => [g.interactionId, '09:30:00'],
  },
  {
    constraint: 'interactions_follow_up_time_pattern',
    as: 'rep',
    sql: `UPDATE interactions SET follow_up_time = $2 WHERE id = $1`,
    params: () => [g.interactionId, '24:00'],
  },
  {
    constraint: 'interactions_follow_up_time_needs_date',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, contact_id, follow_up_required, follow_up_time) VALUES ($1, 'Email', $2, true, '09:30')`,
    params: () => [t.a.workspaceId, g.contactId],
  },
  {
    constraint: 'interactions_about_something',
    as: 'rep',
    sql: `INSERT INTO interactions (workspace_id, interaction_type, notes) VALUES ($1, 'Note', 'About nobody')`,
    params: () => [t.a.workspaceId],
  },
];

describe('CHECK constraints', () => {
  for (const c of CASES) {
    it(`${c.constraint} refuses a bad row`, async () => {
      const probe = async (client: pg.PoolClient) => {
        const err = await sqlError(client, c.sql, c.params());
        expect(err).toMatchObject({ code: '23514', constraint: c.constraint });
      };
      if (c.as === 'rep') await actAs(db.pool, t.a.users.rep, probe);
      else await asSuperuser(db.pool, probe);
    });
  }

  it('covers every CHECK constraint of the domain tables (public and crm schemas)', async () => {
    // crm_private holds the sync server's own bookkeeping (sessions, mutation log),
    // whose rules are tested with that server; partitions repeat audit_log's CHECK.
    const { rows } = await db.pool.query<{ name: string }>(`
      SELECT con.conname AS name FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
      WHERE con.contype = 'c' AND con.connamespace IN ('public'::regnamespace, 'crm'::regnamespace) AND NOT c.relispartition
      ORDER BY 1`);
    expect(CASES.map((c) => c.constraint).sort()).toEqual(rows.map((r) => r.name));
  });

  it('accepts the good values right at the edges', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const good: Array<[string, unknown[]]> = [
        [
          `UPDATE organizations SET name = $2, phone = $3, email = $4 WHERE id = $1`,
          [g.customerId, long(200), '+1 (555) 010-0100 x12', 'orders+menu@bistro.example'],
        ],
        [
          `UPDATE contacts SET first_name = NULL, last_name = $2, email = $3, phone = $4 WHERE id = $1`,
          [g.contactId, 'Chef', 'Dana.Chef@Bistro.Example', '555.010.0100'],
        ],
        [
          `UPDATE interactions SET follow_up_required = true, follow_up_date = NULL, follow_up_done_at = now() WHERE id = $1`,
          [g.interactionId],
        ],
        [
          `INSERT INTO interactions (workspace_id, interaction_type, organization_id) VALUES ($1, 'Note', $2)`,
          [t.a.workspaceId, g.customerId],
        ],
        [`UPDATE opportunities SET distributor_id = NULL WHERE id = $1`, [g.opportunityId]],
      ];
      for (const [sql, params] of good) expect(await sqlError(c, sql, params), sql).toBeNull();
    });
  });
});
