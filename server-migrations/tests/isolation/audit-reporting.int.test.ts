/**
 * The isolation matrix for audit_log, then everything else a client can read
 * workspace data through: the audit partitions and the reporting views. Also: the matrix covers
 * every table in public, and a transaction with no (or an unknown) crm.user_id
 * sees nothing at all.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { CALLERS, TABLES, cellsOf, type Caller } from './matrix.ts';
import { attempt, runCell } from './run-cell.ts';
import { buildWorld, callerId, type World } from './world.ts';

let db: TestDatabase;
let w: World;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await buildWorld(db.pool);
});
afterAll(async () => {
  await db.drop();
});

describe('RLS matrix: audit_log', () => {
  it.each(cellsOf(['audit_log']))('%s', async (_name, cell) => {
    await runCell(db.pool, w, cell);
  });
});

describe('the matrix is complete', () => {
  it('lists every table in public (audit partitions are reached only through audit_log)', async () => {
    const { rows } = await db.pool.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`);
    expect(rows.map((r) => r.table).sort()).toEqual([...TABLES].sort());
  });

  it('grants crm_user nothing that skips row security (TRUNCATE, TRIGGER, REFERENCES, MAINTAIN)', async () => {
    // TRUNCATE empties a table without consulting a single policy; MAINTAIN exists from PostgreSQL 17.
    const { rows: v } = await db.pool.query<{ n: number }>(
      `SELECT current_setting('server_version_num')::int AS n`,
    );
    const privileges = [
      'TRUNCATE',
      'TRIGGER',
      'REFERENCES',
      ...((v[0]?.n ?? 0) >= 170000 ? ['MAINTAIN'] : []),
    ];
    const { rows } = await db.pool.query<{ rel: string; priv: string }>(
      `SELECT c.oid::regclass::text AS rel, p.priv
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN unnest($1::text[]) p(priv)
       WHERE n.nspname IN ('public', 'crm_private') AND c.relkind IN ('r', 'p', 'v', 'm')
         AND has_table_privilege('crm_user', c.oid, p.priv)`,
      [privileges],
    );
    expect(rows).toEqual([]);
  });

  it('lets crm_user call only the SECURITY DEFINER functions meant for it', async () => {
    // Each of these runs with the maintainer's rights and must filter by the caller itself.
    const { rows } = await db.pool.query<{ f: string }>(`
      SELECT p.oid::regprocedure::text AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prosecdef
        AND p.prorettype <> 'trigger'::regtype AND has_function_privilege('crm_user', p.oid, 'EXECUTE')`);
    // The crm.admin_* functions (0009, 0011) check crm.can_admin themselves; sync/server/admin tests call them as every role.
    expect(rows.map((r) => r.f).sort()).toEqual([
      'crm.admin_device_activity(uuid)',
      'crm.admin_invite_member(uuid,text,text,member_role,bytea,timestamp with time zone)',
      'crm.admin_pending_invitations(uuid)',
      'crm.admin_rejected_mutations(uuid,uuid,uuid,timestamp with time zone,uuid,integer)',
      'crm.admin_sync_health(uuid)',
      'crm.member_role(uuid)',
      'crm.shares_workspace_with(uuid)',
    ]);
  });

  it('gives crm_user no way into an audit partition directly', async () => {
    const { rows } = await db.pool.query<{ part: string }>(
      `SELECT inhrelid::regclass::text AS part FROM pg_inherits WHERE inhparent = 'public.audit_log'::regclass`,
    );
    expect(rows.length).toBeGreaterThan(1);
    await actAs(db.pool, w.a.users.owner, async (client) => {
      for (const { part } of rows) {
        expect((await attempt(client, `SELECT 1 FROM ${part}`)).error?.code, part).toBe('42501');
        const ins = await attempt(
          client,
          `INSERT INTO ${part} (workspace_id, table_name, record_id, action, occurred_at) SELECT $1, 'x', $1, 'insert', now()`,
          [w.a.workspaceId],
        );
        expect(ins.error?.code, part).toBe('42501');
      }
    });
  });
});

/** The workspaces a caller belongs to, i.e. all it may see in any report. */
function workspacesOf(caller: Caller): string[] {
  if (caller === 'outsider') return [w.b.workspaceId];
  if (caller === 'stranger' || caller === 'anonymous') return [];
  return [w.a.workspaceId];
}

const distinctWorkspaces = async (client: pg.PoolClient, from: string): Promise<string[]> =>
  (await client.query<{ ws: string }>(`SELECT DISTINCT workspace_id AS ws FROM ${from}`)).rows
    .map((r) => r.ws)
    .sort();

describe.each(['principal_activity_summary', 'follow_ups_due', 'pipeline_by_stage'])(
  'view %s',
  (view) => {
    it.each(CALLERS)('shows the %s exactly the workspaces they belong to', async (caller) => {
      await actAs(db.pool, callerId(w, caller), async (client) => {
        expect(await distinctWorkspaces(client, view)).toEqual(workspacesOf(caller).sort());
      });
    });

    it('has rows for both workspaces when read without RLS (so the above proves filtering)', async () => {
      const { rows } = await db.pool.query<{ ws: string }>(
        `SELECT DISTINCT workspace_id AS ws FROM ${view}`,
      );
      expect(rows.map((r) => r.ws)).toEqual(
        expect.arrayContaining([w.a.workspaceId, w.b.workspaceId]),
      );
    });
  },
);

describe('no signed-in user, no data', () => {
  const VIEWS = [
    'principal_activity_summary',
    'follow_ups_due',
    'pipeline_by_stage',
  ];
  const NOBODY = '00000000-0000-4000-8000-000000000000';
  const IDENTITIES = [
    ['no crm.user_id at all', undefined],
    ['an empty crm.user_id', ''],
    ['the id of no user', NOBODY],
  ] as const;

  it.each(IDENTITIES)('with %s, every table and report is empty', async (_label, setting) => {
    await actAs(db.pool, null, async (client) => {
      if (setting !== undefined)
        await client.query(`SELECT set_config('crm.user_id', $1, true)`, [setting]);
      for (const from of [...TABLES, ...VIEWS]) {
        const a = await attempt(client, `SELECT 1 FROM ${from}`);
        // user_credentials refuses outright; everything else must simply show nothing.
        if (a.error) expect(`${from}: ${a.error.code}`).toBe(`${from}: 42501`);
        else expect(a.rowCount, from).toBe(0);
      }
      const ws = await attempt(client, `INSERT INTO workspaces (name) VALUES ('Nobody''s')`);
      expect(ws.error, 'creating a workspace takes a real user').not.toBeNull();
      // With no id the policy refuses; an unknown id passes the policy but cannot become the owner (foreign key).
      expect(ws.error?.code).toBe(setting === NOBODY ? '23503' : '42501');
    });
  });
});
