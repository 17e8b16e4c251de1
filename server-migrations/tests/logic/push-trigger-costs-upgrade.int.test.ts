/**
 * Migration 0021 (issue 13) as an upgrade of a database filled under 0020: a
 * pushed batch of quick logs (one 64-row insert, as the server's set path runs
 * it) no longer reads every live derived interaction_principals link of the
 * database to find the ones of its own interactions (counted from the
 * transaction's own table statistics), and the audit skips the parents' rows
 * whose only change is the server-kept last_interaction_at before building
 * their jsonb. Same results: the same derived links, the same audit rows, for
 * the insert and for the edits the audit's shortcut must not miss (two edits
 * of one row in one transaction, a server-kept column set with an audited one,
 * a stage move whose dates another trigger sets after the stamp).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../migrator.ts';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type TwoTenants,
} from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, uuid } from '../../testing/crm-rows.ts';

/** Going down this many leaves a database at 0020, whatever other numbers are added after it. */
async function stepsAfter0020(): Promise<number> {
  return (await readMigrationFiles()).filter((f) => f.name > '0021').length;
}

/** Rows of interaction_principals read (by scan or index) since the transaction began, this backend's own. */
async function linkReads(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int AS n
     FROM pg_stat_xact_user_tables WHERE schemaname = 'public' AND relname = 'interaction_principals'`,
  );
  return rows[0]!.n;
}

/** Keys whose values are the transaction's own time or a generated id: equal in meaning, not in value. */
const VOLATILE = ['id', 'created_at', 'updated_at', 'stage_changed_at', 'stage_change_received_at'];

function strip(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!values) return values;
  return Object.fromEntries(Object.entries(values).filter(([k]) => !VOLATILE.includes(k)));
}

interface Outcome {
  linkReads: number;
  links: string[];
  audit: string[];
}

describe('upgrading a filled database from 0020', () => {
  let db: TestDatabase;
  let t: TwoTenants;
  let g: CrmGraph;
  const batch = Array.from({ length: 64 }, () => uuid());
  let under0020: Outcome;

  /** The quick logs of one pushed group, then edits of their parents; everything rolled back. */
  async function pushAndEdit(): Promise<Outcome> {
    return asSuperuser(
      db.pool,
      async (c) => {
        const rows = batch.map((id, n) => ({
          id,
          workspace_id: t.a.workspaceId,
          interaction_type: 'Phone Call',
          interaction_date: new Date(Date.UTC(2031, 0, 1, 9, n)).toISOString(),
          notes: `quick log ${n}`,
          contact_id: g.contactId,
        }));
        const cols = Object.keys(rows[0]!).join(', ');
        const readsBefore = await linkReads(c);
        await c.query(
          `INSERT INTO public.interactions (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::public.interactions, $1::jsonb)`,
          [JSON.stringify(rows)],
        );
        const reads = (await linkReads(c)) - readsBefore;
        // Edits the audit's shortcut must still see.
        await c.query(`UPDATE contacts SET title = 'Head chef' WHERE id = $1`, [g.contactId]);
        await c.query(`UPDATE contacts SET title = 'Executive chef' WHERE id = $1`, [g.contactId]);
        await c.query(`UPDATE contacts SET updated_at = updated_at WHERE id = $1`, [g.contactId]);
        await c.query(
          `UPDATE organizations SET last_interaction_at = last_interaction_at + interval '1 day', notes = 'moved' WHERE id = $1`,
          [g.customerId],
        );
        await c.query(
          `UPDATE organizations SET last_interaction_at = last_interaction_at + interval '1 day' WHERE id = $1`,
          [g.customerId],
        );
        await c.query(`UPDATE opportunities SET stage = 'Demo Scheduled' WHERE id = $1`, [
          g.opportunityId,
        ]);
        await c.query(`UPDATE opportunities SET notes = notes WHERE id = $1`, [g.opportunityId]);
        const links = await c.query<{ l: string }>(
          `SELECT interaction_id || ' ' || principal_id || ' ' || source || ' ' || (deleted_at IS NULL) AS l
           FROM interaction_principals WHERE interaction_id = ANY ($1::uuid[]) ORDER BY 1`,
          [batch],
        );
        const audit = await c.query<{
          table_name: string;
          record_id: string;
          action: string;
          changed_fields: string[];
          old_values: Record<string, unknown> | null;
          new_values: Record<string, unknown> | null;
        }>(
          `SELECT table_name, record_id, action, changed_fields, old_values, new_values FROM audit_log
           WHERE transaction_id = pg_current_xact_id()::text::bigint ORDER BY occurred_at, table_name`,
        );
        return {
          linkReads: reads,
          links: links.rows.map((r) => r.l),
          audit: audit.rows
            .map((r) =>
              JSON.stringify({
                ...r,
                // A link's own id is generated; its interaction and principal say which it is.
                record_id: r.table_name === 'interaction_principals' ? null : r.record_id,
                old_values: strip(r.old_values),
                new_values: strip(r.new_values),
              }),
            )
            .sort(),
        };
      },
      { userId: t.a.users.owner },
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0020() });
    t = await createTwoTenants(db.pool);
    g = await createCrmGraph(db.pool, t.a.workspaceId, t.a.users.owner);
    await createCrmGraph(db.pool, t.b.workspaceId, t.b.users.owner);
    // 2,000 interactions whose contact works at a principal: 2,000 live derived links.
    await db.pool.query('UPDATE organizations SET is_principal = true WHERE id = $1', [
      g.customerId,
    ]);
    await db.pool.query(
      `INSERT INTO interactions (workspace_id, interaction_type, contact_id, notes)
       SELECT $1, 'Phone Call', $2, 'call ' || n FROM generate_series(1, 2000) AS n`,
      [t.a.workspaceId, g.contactId],
    );
    await db.pool.query('ANALYZE');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('under 0020, a 64-row insert reads every live derived link of the database', async () => {
    under0020 = await pushAndEdit();
    expect(under0020.linkReads).toBeGreaterThanOrEqual(2000);
    // Each quick log is linked to the contact's organization, a principal.
    expect(under0020.links).toHaveLength(64);
    const tables = under0020.audit.map((a) => (JSON.parse(a) as { table_name: string }).table_name);
    // The upkeep of last_interaction_at (contact, organization) is not audited; the edits are.
    expect(tables.filter((x) => x === 'interactions')).toHaveLength(64);
    expect(tables.filter((x) => x === 'contacts')).toHaveLength(2);
    expect(tables.filter((x) => x === 'organizations')).toHaveLength(1);
    expect(tables.filter((x) => x === 'opportunities')).toHaveLength(1);
  });

  it("after 0021, reads only its own interactions' links, with the same links and audit rows", async () => {
    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0021_push-trigger-costs');
    const after = await pushAndEdit();
    expect(after.linkReads).toBeLessThan(200);
    expect(after.links).toEqual(under0020.links);
    expect(after.audit).toEqual(under0020.audit);
  });

  it('goes back down to 0020 and up again', async () => {
    await migrate({ databaseUrl: db.url, direction: 'down', count: await stepsAfter0020() });
    const down = await pushAndEdit();
    expect(down.linkReads).toBeGreaterThanOrEqual(2000);
    expect(down.audit).toEqual(under0020.audit);
    const up = await migrate({ databaseUrl: db.url, direction: 'up' });
    expect(up.ran).toContain('0021_push-trigger-costs');
    expect((await pushAndEdit()).linkReads).toBeLessThan(200);
  });
});
