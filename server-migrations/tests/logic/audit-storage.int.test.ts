/**
 * How audit_log is stored: append-only for every role, the superuser included
 * (through the parent and through each partition), partitioned by month around
 * now with a default partition for anything else, and
 * crm.ensure_audit_partitions creating missing months idempotently.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { asSuperuser, one, uuid } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool); // its inserts leave audit rows in the current month
  await db.pool.query(
    `INSERT INTO audit_log (workspace_id, table_name, record_id, action, occurred_at) VALUES ($1, 'organizations', $2, 'insert', '2001-01-15')`,
    [t.a.workspaceId, uuid()],
  );
});
afterAll(async () => {
  await db.drop();
});

/** Inserts an audit row at `at` as the superuser (the only role that may, besides the triggers) and says where it landed. */
async function landsIn(c: pg.PoolClient, at: string): Promise<string> {
  const id = uuid();
  await c.query(
    `INSERT INTO audit_log (workspace_id, table_name, record_id, action, occurred_at) VALUES ($1, 'contacts', $2, 'update', $3)`,
    [t.a.workspaceId, id, at],
  );
  return (
    await one<{ part: string }>(
      c,
      `SELECT tableoid::regclass::text AS part FROM audit_log WHERE record_id = $1`,
      [id],
    )
  ).part;
}

const monthPartition = `SELECT format('audit_log_y%sm%s', to_char(d, 'YYYY'), to_char(d, 'MM')) AS name
                        FROM (SELECT date_trunc('month', now() + $1::interval) AS d) s`;

describe('audit_log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through audit_log, even for the superuser', async () => {
    await asSuperuser(db.pool, async (c) => {
      const refused = { code: '42501', message: expect.stringContaining('append-only') };
      expect(await sqlError(c, `UPDATE audit_log SET actor_id = NULL`)).toMatchObject(refused);
      expect(await sqlError(c, `DELETE FROM audit_log`)).toMatchObject(refused);
      expect(await sqlError(c, `TRUNCATE audit_log`)).toMatchObject(refused);
      const { count } = await one<{ count: number }>(
        c,
        `SELECT count(*)::int AS count FROM audit_log`,
      );
      expect(count).toBeGreaterThan(10);
    });
  });

  it('refuses them on each partition directly, the default one included', async () => {
    await asSuperuser(db.pool, async (c) => {
      const current = (await one<{ name: string }>(c, monthPartition, ['0 days'])).name;
      for (const part of ['audit_log_default', current]) {
        const { count } = await one<{ count: number }>(
          c,
          `SELECT count(*)::int AS count FROM public.${part}`,
        );
        expect(count, part).toBeGreaterThan(0);
        for (const sql of [
          `UPDATE public.${part} SET actor_id = NULL`,
          `DELETE FROM public.${part}`,
          `TRUNCATE public.${part}`,
        ]) {
          expect(await sqlError(c, sql), sql).toMatchObject({ code: '42501' });
        }
      }
    });
  });

  it('refuses TRUNCATE on every partition there is', async () => {
    const { rows } = await db.pool.query<{ part: string; guarded: boolean }>(`
      SELECT c.relname AS part,
             EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND tg.tgtype & 32 = 32
                       AND tg.tgfoid = 'crm.refuse_audit_change()'::regprocedure) AS guarded
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.audit_log'::regclass`);
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(rows.filter((r) => !r.guarded).map((r) => r.part)).toEqual([]);
  });
});

describe('audit_log partitions', () => {
  it('has monthly partitions for last month, this month and the months ahead, each with RLS forced', async () => {
    for (const offset of ['-1 month', '0 days', '1 month', '6 months']) {
      const { name } = await one<{ name: string }>(db.pool, monthPartition, [offset]);
      const p = await one<{ bound: string; rls: boolean; forced: boolean }>(
        db.pool,
        `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
         FROM pg_class c WHERE c.oid = to_regclass('public.' || $1)`,
        [name],
      );
      expect(p.bound, name).toMatch(
        /^FOR VALUES FROM \('\d{4}-\d{2}-01 00:00:00.*'\) TO \('\d{4}-\d{2}-01 00:00:00.*'\)$/,
      );
      expect({ rls: p.rls, forced: p.forced }, name).toEqual({ rls: true, forced: true });
    }
  });

  it('routes a row written now to the current month and one far in the past to audit_log_default', async () => {
    await actAs(db.pool, t.a.users.rep, async (c) => {
      const id = uuid();
      await c.query(
        `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Routed Cafe')`,
        [id, t.a.workspaceId],
      );
      const current = (await one<{ name: string }>(c, monthPartition, ['0 days'])).name;
      const r = await one(
        c,
        `SELECT tableoid::regclass::text AS part FROM audit_log WHERE record_id = $1`,
        [id],
      );
      expect(r).toEqual({ part: current });
    });
    await asSuperuser(db.pool, async (c) => {
      expect(await landsIn(c, '1999-06-30 12:00+00')).toBe('audit_log_default');
    });
  });

  it('is not readable (nor writable) through a partition by the client role', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      expect((await sqlError(c, `SELECT * FROM public.audit_log_default`))?.code).toBe('42501');
    });
  });
});

describe('crm.ensure_audit_partitions', () => {
  it('creates the missing months once and is a no-op the second time', async () => {
    await asSuperuser(db.pool, async (c) => {
      expect(
        await one(c, `SELECT crm.ensure_audit_partitions('2040-01-20', 3) AS created`),
      ).toEqual({ created: 3 });
      expect(
        await one(c, `SELECT crm.ensure_audit_partitions('2040-01-01', 3) AS created`),
      ).toEqual({ created: 0 });
      // Overlapping ranges create only what is missing.
      expect(
        await one(c, `SELECT crm.ensure_audit_partitions('2040-03-01', 2) AS created`),
      ).toEqual({ created: 1 });
      const bound = await one(
        c,
        `SELECT pg_get_expr(relpartbound, oid) LIKE '%2040-02-01%2040-03-01%' AS ok FROM pg_class WHERE oid = 'public.audit_log_y2040m02'::regclass`,
      );
      expect(bound).toEqual({ ok: true });
      expect(await landsIn(c, '2040-02-29 23:59:59+00')).toBe('audit_log_y2040m02');
      const guarded = await sqlError(c, `TRUNCATE public.audit_log_y2040m04`);
      expect(guarded).toMatchObject({ code: '42501' });
      const rls = await one(
        c,
        `SELECT relrowsecurity AND relforcerowsecurity AS forced FROM pg_class WHERE oid = 'public.audit_log_y2040m04'::regclass`,
      );
      expect(rls).toEqual({ forced: true });
    });
  });

  it('leaves a month whose rows already sit in audit_log_default there, and still creates the others', async () => {
    // beforeAll put a row of January 2001 in the default partition: a partition
    // for that month cannot be attached without moving it, and the append-only
    // rule forbids moving it. The server runs this at every start: it must not fail.
    await asSuperuser(db.pool, async (c) => {
      expect(
        await one(c, `SELECT crm.ensure_audit_partitions('2000-12-01', 3) AS created`),
      ).toEqual({ created: 2 });
      expect(
        await one(c, `SELECT to_regclass('public.audit_log_y2001m01') IS NULL AS skipped`),
      ).toEqual({ skipped: true });
      expect(await landsIn(c, '2001-02-10 00:00+00')).toBe('audit_log_y2001m02');
      const { count } = await one<{ count: number }>(
        c,
        `SELECT count(*)::int AS count FROM audit_log_default WHERE occurred_at = '2001-01-15'`,
      );
      expect(count).toBe(1);
    });
  });

  it('is not available to the client role', async () => {
    await actAs(db.pool, t.a.users.owner, async (c) => {
      expect((await sqlError(c, `SELECT crm.ensure_audit_partitions('2041-01-01', 1)`))?.code).toBe(
        '42501',
      );
    });
  });
});
