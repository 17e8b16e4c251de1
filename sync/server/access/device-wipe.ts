/**
 * "Revoke and wipe" (migration 0012): a device an admin wiped gets one
 * recognisable answer to every request made with any of its tokens, 401
 * `device_wiped`, instead of the plain "sign in again", so the desktop knows
 * to delete that account's replica and token rather than just stop syncing.
 * Only asked for tokens that already failed to authenticate: valid requests pay nothing.
 */
import type pg from 'pg';
import { DEVICE_WIPED } from '../../schema/wire-codes.ts';
import { HttpProblem } from '../http/problem.ts';


export function deviceWipedProblem(): HttpProblem {
  return new HttpProblem(
    401,
    DEVICE_WIPED,
    'an admin revoked this device and asked it to delete its copy of the workspace',
    undefined,
    { 'www-authenticate': 'Bearer realm="pantry"' },
  );
}

/** Whether the token (by its sha256) was issued to a device an admin revoked and wiped. */
export async function tokenWiped(pool: pg.Pool, tokenHash: Buffer): Promise<boolean> {
  const { rows } = await pool.query<{ wiped: boolean }>('SELECT crm.auth_token_wiped($1) AS wiped', [tokenHash]);
  return rows[0]?.wiped === true;
}
