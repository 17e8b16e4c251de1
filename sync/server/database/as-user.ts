/**
 * The identity contract (DESIGN.md) in one place: a transaction on one pooled
 * connection of the login role, `SET LOCAL ROLE crm_user` and the
 * transaction-local `crm.user_id`, so RLS decides what the signed-in user sees
 * and changes. Nothing of it outlives the transaction.
 */
import type pg from 'pg';

export interface PgError {
  code: string;
  message: string;
  constraint?: string;
  column?: string;
  detail?: string;
  table?: string;
}

export function isPgError(err: unknown): err is PgError {
  return (
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as { code: string }).code)
  );
}

/** Takes on the signed-in user for the rest of the open transaction. */
export async function becomeUser(client: pg.ClientBase, userId: string): Promise<void> {
  await client.query('SET LOCAL ROLE crm_user');
  await client.query(`SELECT set_config('crm.user_id', $1, true)`, [userId]);
}

/** Runs fn in one transaction as the user; commits when fn resolves, rolls back when it throws. */
export async function asUser<T>(pool: pg.Pool, userId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await becomeUser(client, userId);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    // A connection whose ROLLBACK failed is in an unknown state: drop it rather than reuse it.
    client.release(broken);
  }
}
