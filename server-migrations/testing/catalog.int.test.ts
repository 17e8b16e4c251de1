/**
 * Catalog rules that must hold for every table, now and in every future migration:
 * RLS enabled and forced on every table in public; an index whose leading
 * columns are exactly the columns of each foreign key; the audit's shortcut
 * (0021) holds on every audited table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('catalog rules', () => {
  it('has RLS enabled and forced on every table in public', async () => {
    const { rows } = await db.pool.query<{ table: string; enabled: boolean; forced: boolean }>(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
    expect(rows.length).toBeGreaterThan(10);
    const offenders = rows.filter((r) => !r.enabled || !r.forced).map((r) => r.table);
    expect(offenders).toEqual([]);
  });

  it('has an index leading with the columns of every foreign key', async () => {
    const { rows } = await db.pool.query<{
      constraint: string;
      table: string;
      has_index: boolean;
    }>(`
      SELECT con.conname AS constraint, con.conrelid::regclass::text AS table,
             EXISTS (
               SELECT 1 FROM pg_index i
               WHERE i.indrelid = con.conrelid
                 AND (SELECT array_agg(k ORDER BY k) FROM unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) k)
                     = (SELECT array_agg(k ORDER BY k) FROM unnest(con.conkey) k)
             ) AS has_index
      FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = con.conrelid)`);
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.filter((r) => !r.has_index).map((r) => `${r.table}.${r.constraint}`)).toEqual([]);
  });

  it('gives crm_user no superuser, no BYPASSRLS and no owned objects', async () => {
    const { rows } = await db.pool.query(`
      SELECT r.rolsuper, r.rolbypassrls,
             (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::int AS owned
      FROM pg_roles r WHERE r.rolname = 'crm_user'`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it("lets no BEFORE UPDATE trigger change an audited table's row after crm.stamp_row but the stage tracker", async () => {
    // crm.audit_changes (0021) skips an update's row when stamp_row left its updated_at alone, i.e.
    // when no audited column changed as stamp_row saw it. A row trigger firing after the stamp
    // (by name) could change one unseen: only opportunities_track_stage_change does, and it
    // keeps its columns at OLD unless the stage changed (which the stamp sees).
    const { rows } = await db.pool.query<{ trigger: string }>(`
      SELECT t.tgname AS trigger
      FROM pg_trigger t
      JOIN pg_trigger s ON s.tgrelid = t.tgrelid AND s.tgfoid = 'crm.stamp_row()'::regprocedure
      WHERE NOT t.tgisinternal AND t.tgtype & 19 = 19 AND t.tgname > s.tgname
        AND EXISTS (SELECT 1 FROM pg_trigger a WHERE a.tgrelid = t.tgrelid AND a.tgfoid = 'crm.audit_changes()'::regprocedure)`);
    expect(rows.map((r) => r.trigger)).toEqual(['opportunities_track_stage_change']);
  });

  it("defines views with security_invoker so the caller's RLS applies", async () => {
    const { rows } = await db.pool.query<{ view: string; opts: string[] | null }>(`
      SELECT c.relname AS view, c.reloptions AS opts FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'v'`);
    expect(rows.map((r) => r.view).sort()).toEqual([
      'follow_ups_due',
      'pipeline_by_stage',
      'principal_activity_summary',
    ]);
    for (const r of rows) expect(r.opts).toContain('security_invoker=true');
  });
});
