/**
 * Runs SQL as a signed-in user, exactly as the sync server does (DESIGN.md's
 * identity contract): one transaction, SET LOCAL ROLE crm_user and the
 * transaction-local crm.user_id. Rolled back unless `commit` is set, so
 * assertions never leak into the next test.
 */
import type pg from 'pg';

export async function actAs<T>(
  pool: pg.Pool,
  userId: string | null,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: { commit?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE crm_user');
    if (userId) await client.query(`SELECT set_config('crm.user_id', $1, true)`, [userId]);
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

/** The PostgreSQL error a statement raised (SQLSTATE code, message, constraint), or null when it succeeded. */
export async function sqlError(
  client: pg.PoolClient,
  text: string,
  values: unknown[] = [],
): Promise<{ code: string; message: string; constraint?: string } | null> {
  await client.query('SAVEPOINT probe');
  try {
    await client.query(text, values);
    await client.query('RELEASE SAVEPOINT probe');
    return null;
  } catch (err) {
    await client.query('ROLLBACK TO SAVEPOINT probe');
    const e = err as { code?: string; message: string; constraint?: string };
    return { code: e.code ?? 'unknown', message: e.message, ...(e.constraint ? { constraint: e.constraint } : {}) };
  }
}
