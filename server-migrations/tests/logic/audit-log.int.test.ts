/**
 * crm.audit_changes: one audit_log row per insert, update, soft delete, restore
 * and purge of a CRM row, with the actor (crm.user_id), the writing
 * transaction's id, the changed fields and, on update, the old and new values
 * of only those fields. No row for a change that changes nothing a user wrote.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
});
afterAll(async () => {
  await db.drop();
});

interface AuditRow {
  table_name: string;
  action: string;
  actor_id: string | null;
  changed_fields: string[];
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  this_transaction: boolean;
}

/** The audit rows of one record, oldest first, with whether each was written by the caller's transaction. */
async function trail(c: pg.PoolClient, recordId: string): Promise<AuditRow[]> {
  const { rows } = await c.query<AuditRow>(
    `SELECT table_name, action, actor_id, changed_fields, old_values, new_values,
            transaction_id = pg_current_xact_id()::text::bigint AS this_transaction
     FROM audit_log WHERE record_id = $1 ORDER BY occurred_at`,
    [recordId],
  );
  return rows;
}

async function insertOrganization(c: pg.PoolClient, name: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO organizations (id, workspace_id, name, segment) VALUES ($1, $2, $3, 'Fine Dining')`,
    [id, t.a.workspaceId, name],
  );
  return id;
}

describe('audit_log rows', () => {
  it('records an insert with the actor, the transaction and the non-empty user-written fields', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = await insertOrganization(c, 'Audit Bistro');
      const rows = await trail(c, id);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        table_name: 'organizations',
        action: 'insert',
        actor_id: t.a.users.rep,
        old_values: null,
        this_transaction: true,
        changed_fields: [
          'created_at',
          'created_by',
          'id',
          // Set by the kind default for inserts that name no kind (migration 0013).
          'is_customer',
          'is_distributor',
          'is_principal',
          'name',
          'segment',
          'workspace_id',
        ],
      });
      expect(row?.new_values).toMatchObject({
        id,
        name: 'Audit Bistro',
        segment: 'Fine Dining',
        phone: null,
      });
      // Server-kept columns are not history a user wrote.
      for (const key of ['updated_at', 'updated_by', 'last_interaction_at', 'search_vector']) {
        expect(row?.new_values).not.toHaveProperty(key);
      }
    });
  });

  it('records an update with only the changed fields, old and new, in the updating transaction', async () => {
    const id = await actAs(db.pool, t.a.users.rep, (c) => insertOrganization(c, 'Before Name'), {
      commit: true,
    });
    await actAs(db.pool, t.a.users.manager, async (c) => {
      await c.query(
        `UPDATE organizations SET name = 'After Name', phone = '555-0100', segment = 'Fine Dining' WHERE id = $1`,
        [id],
      );
      const rows = await trail(c, id);
      expect(rows.map((r) => [r.action, r.this_transaction])).toEqual([
        ['insert', false],
        ['update', true],
      ]);
      expect(rows[1]).toMatchObject({
        actor_id: t.a.users.manager,
        changed_fields: ['name', 'phone'],
        old_values: { name: 'Before Name', phone: null },
        new_values: { name: 'After Name', phone: '555-0100' },
      });
      expect(Object.keys(rows[1]?.new_values ?? {}).sort()).toEqual(['name', 'phone']);
    });
  });

  it('records a soft delete and a restore as such', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = await insertOrganization(c, 'Trash Cafe');
      await c.query(`UPDATE organizations SET deleted_at = now() WHERE id = $1`, [id]);
      await c.query(`UPDATE organizations SET deleted_at = NULL WHERE id = $1`, [id]);
      const rows = await trail(c, id);
      expect(rows.map((r) => r.action)).toEqual(['insert', 'soft_delete', 'restore']);
      expect(rows[1]).toMatchObject({
        changed_fields: ['deleted_at'],
        old_values: { deleted_at: null },
      });
      expect(rows[1]?.new_values?.deleted_at).toEqual(expect.any(String));
      expect(rows[2]).toMatchObject({
        changed_fields: ['deleted_at'],
        new_values: { deleted_at: null },
      });
    });
  });

  it('records a purge (hard delete) with the whole old row', async () => {
    await actAs(db.pool, t.a.users.manager, async (c) => {
      const id = await insertOrganization(c, 'Purged Pub');
      await c.query(`DELETE FROM organizations WHERE id = $1`, [id]);
      const rows = await trail(c, id);
      expect(rows.map((r) => r.action)).toEqual(['insert', 'delete']);
      expect(rows[1]).toMatchObject({
        table_name: 'organizations',
        actor_id: t.a.users.manager,
        changed_fields: [],
        new_values: null,
        this_transaction: true,
      });
      expect(rows[1]?.old_values).toMatchObject({ id, name: 'Purged Pub', segment: 'Fine Dining' });
    });
  });

  it('writes nothing for an update that changes nothing', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = await insertOrganization(c, 'Same Name Deli');
      await c.query(
        `UPDATE organizations SET name = 'Same Name Deli', segment = segment WHERE id = $1`,
        [id],
      );
      expect((await trail(c, id)).map((r) => r.action)).toEqual(['insert']);
    });
  });

  it('writes nothing for a change of server-kept columns only (last_interaction_at)', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = await insertOrganization(c, 'Busy Bistro');
      const interaction = uuid();
      await c.query(
        `INSERT INTO interactions (id, workspace_id, interaction_type, organization_id) VALUES ($1, $2, 'Meeting', $3)`,
        [interaction, t.a.workspaceId, id],
      );
      const touched = await one(
        c,
        `SELECT last_interaction_at IS NOT NULL AS touched FROM organizations WHERE id = $1`,
        [id],
      );
      expect(touched).toEqual({ touched: true });
      expect((await trail(c, id)).map((r) => r.action)).toEqual(['insert']);
      expect((await trail(c, interaction)).map((r) => [r.table_name, r.action])).toEqual([
        ['interactions', 'insert'],
      ]);
    });
  });

  it('writes one row per record for a multi-row statement, all in the same transaction', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const ids = [
        await insertOrganization(c, 'Bulk A'),
        await insertOrganization(c, 'Bulk B'),
        await insertOrganization(c, 'Bulk C'),
      ];
      await c.query(`UPDATE organizations SET segment = 'Casual' WHERE id = ANY ($1::uuid[])`, [
        ids,
      ]);
      const { rows } = await c.query<{ record_id: string; transaction_id: string }>(
        `SELECT record_id, transaction_id FROM audit_log WHERE record_id = ANY ($1::uuid[]) AND action = 'update'`,
        [ids],
      );
      expect(rows.map((r) => r.record_id).sort()).toEqual([...ids].sort());
      const xact = await one<{ x: string }>(c, `SELECT pg_current_xact_id()::text AS x`);
      expect(new Set(rows.map((r) => r.transaction_id))).toEqual(new Set([xact.x]));
    });
  });

  it('records rows written by trigger functions (derived principals) with the actor who caused them', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const principal = uuid();
      const customer = uuid();
      const product = uuid();
      const opp = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $3, 'P', true), ($2, $3, 'C', false)`,
        [principal, customer, t.a.workspaceId],
      );
      await c.query(
        `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Oil')`,
        [product, t.a.workspaceId, principal],
      );
      await c.query(
        `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Oil trial', $3)`,
        [opp, t.a.workspaceId, customer],
      );
      await c.query(
        `INSERT INTO opportunity_products (workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3)`,
        [t.a.workspaceId, opp, product],
      );
      const pair = await one<{ id: string }>(
        c,
        `SELECT id FROM opportunity_principals WHERE opportunity_id = $1`,
        [opp],
      );
      expect(await trail(c, pair.id)).toEqual([
        expect.objectContaining({
          table_name: 'opportunity_principals',
          action: 'insert',
          actor_id: t.a.users.rep,
          this_transaction: true,
        }),
      ]);
    });
  });

  it('records a new workspace under its own id, and the creator membership the trigger adds', async () => {
    const ws = uuid();
    await actAs(db.pool, t.stranger, async (c) => {
      await c.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Audited Brokerage')`, [ws]);
      const { rows } = await c.query(
        `SELECT table_name, action, actor_id FROM audit_log WHERE workspace_id = $1 ORDER BY table_name COLLATE "C"`,
        [ws],
      );
      expect(rows).toEqual([
        { table_name: 'workspace_members', action: 'insert', actor_id: t.stranger },
        { table_name: 'workspaces', action: 'insert', actor_id: t.stranger },
      ]);
    });
  });

  it('is attached to every audited table for insert, update and delete', async () => {
    const { rows } = await db.pool.query<{ table: string; events: string }>(`
      SELECT c.relname AS table,
             string_agg(CASE WHEN tg.tgtype & 4 = 4 THEN 'insert' WHEN tg.tgtype & 8 = 8 THEN 'delete' ELSE 'update' END, ',' ORDER BY 1) AS events
      FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
      WHERE tg.tgfoid = 'crm.audit_changes()'::regprocedure
      GROUP BY c.relname ORDER BY c.relname`);
    const expected = [
      'contacts',
      'interaction_principals',
      'interactions',
      'opportunities',
      'opportunity_principals',
      'opportunity_products',
      'organizations',
      'products',
      'workspace_members',
      'workspaces',
    ];
    expect(rows.map((r) => r.table)).toEqual(expected);
    for (const r of rows)
      expect(r.events.split(',').sort(), r.table).toEqual(['delete', 'insert', 'update']);
  });

  it('cannot be written by clients', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      const err = await sqlError(
        c,
        `INSERT INTO audit_log (workspace_id, table_name, record_id, action) VALUES ($1, 'organizations', $2, 'insert')`,
        [t.a.workspaceId, uuid()],
      );
      expect(err?.code).toBe('42501');
    });
  });
});
