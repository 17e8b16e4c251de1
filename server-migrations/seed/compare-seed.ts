/**
 * Proves a schema change left the seeded data alone: seeds the same flags into
 * two databases of one throwaway cluster, one migrated from --migrations-dir
 * (e.g. the migrations as committed: `git show HEAD:...` into a temp dir), the
 * other from server-migrations/migrations, and compares every CRM table and the
 * audit trail row by row, trigger-derived columns included.
 *
 *   npx tsx server-migrations/seed/compare-seed.ts --migrations-dir /tmp/old-migrations --interactions 20000
 *
 * Left out of the comparison, as in seed.int.test.ts: what the server stamps
 * from its clock (created_at, updated_at, stage_changed_at and stage_change_received_at, occurred_at, the
 * time a derived pair was soft-deleted) and what gen_random_uuid() picks (the
 * ids of opportunity_principals and of audit rows; the audit rows of those
 * pairs are matched by opportunity and principal instead). Exit code 1 when a
 * table differs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../migrator.ts';
import { startEmbeddedPostgres } from '../postgres/embedded-postgres.ts';
import { parseSeedArgs } from './options.ts';
import { runSeed } from './seed.ts';

const CLOCK = `'{created_at,updated_at,stage_changed_at,stage_change_received_at}'::text[]`;
const CRM_TABLES = [
  'users',
  'workspace_members',
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'opportunity_products',
  'interactions',
];

/** One jsonb per row, comparable across the two databases. */
const ROWS: Record<string, string> = {
  ...Object.fromEntries(
    CRM_TABLES.map((t) => [t, `SELECT to_jsonb(t) - ${CLOCK} AS j FROM public.${t} t`]),
  ),
  opportunity_principals: `SELECT to_jsonb(t) - ${CLOCK} - 'id' - 'deleted_at'
      || jsonb_build_object('deleted', deleted_at IS NOT NULL) AS j FROM public.opportunity_principals t`,
  interaction_principals: `SELECT to_jsonb(t) - ${CLOCK} - 'id' - 'deleted_at'
      || jsonb_build_object('deleted', deleted_at IS NOT NULL) AS j FROM public.interaction_principals t`,
  audit_log: `SELECT jsonb_build_object(
        'table', a.table_name,
        'record', coalesce((SELECT p.opportunity_id::text || '/' || p.principal_id FROM public.opportunity_principals p
                            WHERE a.table_name = 'opportunity_principals' AND p.id = a.record_id),
                           (SELECT p.interaction_id::text || '/' || p.principal_id || '/' || p.source FROM public.interaction_principals p
                            WHERE a.table_name = 'interaction_principals' AND p.id = a.record_id), a.record_id::text),
        'nth', row_number() OVER (PARTITION BY a.record_id ORDER BY a.occurred_at),
        'action', a.action, 'actor', a.actor_id, 'fields', a.changed_fields,
        'old', a.old_values - ${CLOCK} - (CASE WHEN a.table_name IN ('opportunity_principals', 'interaction_principals') THEN '{id,deleted_at}' ELSE '{}' END)::text[],
        'new', a.new_values - ${CLOCK} - (CASE WHEN a.table_name IN ('opportunity_principals', 'interaction_principals') THEN '{id,deleted_at}' ELSE '{}' END)::text[]
      ) AS j FROM public.audit_log a`,
};

async function digests(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const [table, rows] of Object.entries(ROWS)) {
      const {
        rows: [r],
      } = await client.query<{ n: string; h: string }>(
        `SELECT count(*) AS n, md5(string_agg(j::text, E'\\n' ORDER BY j::text)) AS h FROM (${rows}) s`,
      );
      out[table] = `${r?.n} rows, md5 ${r?.h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--migrations-dir');
  const otherDir = at >= 0 ? argv[at + 1] : undefined;
  if (!otherDir) {
    console.error('usage: compare-seed.ts --migrations-dir DIR [seed flags]');
    return 2;
  }
  const seedArgs = argv.filter((_, i) => i !== at && i !== at + 1);
  if (!seedArgs.includes('--anchor-date')) seedArgs.push('--anchor-date', '2025-06-15');
  const options = parseSeedArgs(seedArgs);

  const root = await mkdtemp(path.join(tmpdir(), 'pantry-compare-seed-'));
  try {
    const cluster = await startEmbeddedPostgres({
      dataDir: path.join(root, 'data'),
      persistent: false,
    });
    try {
      const results: Record<string, string>[] = [];
      for (const [database, dir] of [
        ['seed_other', path.resolve(otherDir)],
        ['seed_current', undefined],
      ] as const) {
        const admin = new pg.Client({ connectionString: cluster.adminUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${database}`);
        await admin.end();
        const url = cluster.urlFor(database);
        await migrate({ databaseUrl: url, direction: 'up', dir });
        const seeded = await runSeed(url, options);
        console.log(
          `${dir ?? 'server-migrations/migrations'}: seeded in ${(seeded.elapsed_ms / 1000).toFixed(2)}s`,
        );
        results.push(await digests(url));
      }
      const [other, current] = results as [Record<string, string>, Record<string, string>];
      let differing = 0;
      for (const table of Object.keys(ROWS)) {
        const same = other[table] === current[table];
        if (!same) differing++;
        console.log(
          `${table.padEnd(24)} ${same ? 'same' : 'DIFFERENT'}  ${current[table]}${same ? '' : `  (other: ${other[table]})`}`,
        );
      }
      return differing === 0 ? 0 : 1;
    } finally {
      await cluster.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// process.exit, not process.exitCode: embedded-postgres's exit hook exits with 0 on beforeExit.
process.exit(await main(process.argv.slice(2)));
