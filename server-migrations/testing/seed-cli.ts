/**
 * Helpers for seed.int.test.ts: the CLI as a child process, exactly as
 * `npm run seed` runs it, and table digests that leave out what the server
 * stamps from its clock or gen_random_uuid().
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './test-database.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'server-migrations/seed/cli.ts', ...args],
      { cwd: REPO, env },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
export const envWith = (databaseUrl?: string): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return databaseUrl ? { ...env, DATABASE_URL: databaseUrl } : env;
};

/** Every table's content minus what the server stamps with the clock or gen_random_uuid(). */
export async function digest(db: TestDatabase): Promise<Record<string, string>> {
  const clock = [
    'created_at',
    'updated_at',
    'stage_changed_at',
    'stage_change_received_at',
    'password_updated_at',
    'search_vector',
  ];
  const tables: [string, string[]][] = [
    ['users', clock],
    ['workspaces', clock],
    ['workspace_members', clock],
    ['organizations', clock],
    ['contacts', clock],
    ['products', clock],
    ['opportunities', clock],
    ['opportunity_products', clock],
    ['opportunity_principals', [...clock, 'id']],
    ['interactions', clock],
    // Derived links get gen_random_uuid() ids, and deleted_at = now() when a deal goes to the trash.
    ['interaction_principals', [...clock, 'id', 'deleted_at']],
  ];
  const out: Record<string, string> = {};
  for (const [table, drop] of tables) {
    const { rows } = await db.pool.query<{ md5: string }>(
      `SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM (SELECT (to_jsonb(t) - $1::text[])::text AS x FROM public.${table} t) s`,
      [drop],
    );
    out[table] = rows[0]!.md5;
  }
  const audit = await db.pool.query<{ md5: string }>(
    `SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM (
       SELECT concat_ws('|', table_name, record_id, action, actor_id, changed_fields) AS x
       FROM public.audit_log WHERE table_name NOT IN ('opportunity_principals', 'interaction_principals')) s`,
  );
  out.audit_log = audit.rows[0]!.md5;
  return out;
}

export const count = async (db: TestDatabase, sql: string, values: unknown[] = []) =>
  Number((await db.pool.query<{ n: string }>(sql, values)).rows[0]!.n);
