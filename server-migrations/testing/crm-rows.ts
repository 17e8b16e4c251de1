/**
 * Small helpers shared by the database-logic tests in this folder. Everything
 * runs against the file's own real PostgreSQL database (createTestDatabase).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export { randomUUID as uuid };

/**
 * Runs `fn` in a superuser transaction, optionally with crm.user_id set (the
 * way a seed or an admin tool writes), rolled back unless `commit` is set.
 * Used where a test must reach past the grants to prove a trigger or a
 * constraint on its own.
 */
export async function asSuperuser<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: { userId?: string; commit?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (opts.userId)
      await client.query(`SELECT set_config('crm.user_id', $1, true)`, [opts.userId]);
    const result = await fn(client);
    await client.query(opts.commit ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Rewrites columns of existing rows with every trigger switched off
 * (session_replication_role = replica), so a test can put a row in the past
 * without the very triggers under test overwriting the value. Values are SQL
 * expressions, e.g. { updated_at: "now() - interval '3 days'" }.
 */
export async function rewriteWithoutTriggers(
  pool: pg.Pool,
  table: string,
  ids: string[],
  values: Record<string, string>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const sets = Object.entries(values)
      .map(([column, expr]) => `${column} = ${expr}`)
      .join(', ');
    await client.query(`UPDATE ${table} SET ${sets} WHERE id = ANY ($1::uuid[])`, [ids]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** One row of a query, failing the test (not returning undefined) when there is none. */
export async function one<R extends pg.QueryResultRow>(
  client: pg.Pool | pg.PoolClient,
  text: string,
  values: unknown[] = [],
): Promise<R> {
  const { rows } = await client.query<R>(text, values);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${text}`);
  return rows[0] as R;
}

/** Inserts an organization as the superuser and returns its id. */
export async function insertOrganization(
  pool: pg.Pool | pg.PoolClient,
  workspaceId: string,
  name: string,
  kind: { principal?: boolean; distributor?: boolean } = {},
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO organizations (id, workspace_id, name, is_principal, is_distributor) VALUES ($1, $2, $3, $4, $5)`,
    [id, workspaceId, name, kind.principal ?? false, kind.distributor ?? false],
  );
  return id;
}
