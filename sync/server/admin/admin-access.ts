/**
 * The admin API is for owners and admins, checked twice: here from the session
 * (a quick 403), and in PostgreSQL, where every admin request runs as the user
 * under RLS and first asks crm.can_admin for the workspace (policies and the
 * admin functions of migration 0009 refuse on their own as well).
 */
import type pg from 'pg';
import type { Session } from '../auth/sessions.ts';
import { asUser, isPgError } from '../database/as-user.ts';
import { HttpProblem } from '../http/problem.ts';

const ADMIN_ROLES = new Set(['owner', 'admin']);

function forbidden(): HttpProblem {
  return new HttpProblem(403, 'forbidden', 'only owners and admins of this workspace may use the admin API');
}

/** PostgreSQL refusals of admin actions, as HTTP problems; anything else propagates. */
export function adminProblem(err: unknown): unknown {
  if (!isPgError(err)) return err;
  if (err.code === '42501') return new HttpProblem(403, 'forbidden', `not allowed: ${err.message}`);
  if (err.code === '23514' && /keep at least one owner/.test(err.message)) {
    return new HttpProblem(409, 'last_owner', 'a workspace must keep at least one owner: make someone else owner first');
  }
  if (err.code === '23505') return new HttpProblem(409, 'conflict', err.detail ?? err.message);
  if (err.code === '23514' || err.code.startsWith('22')) return new HttpProblem(400, 'invalid_request', err.message);
  return err;
}

/** Runs fn as the signed-in admin in one transaction, after PostgreSQL confirmed the admin role. */
export async function asAdmin<T>(pool: pg.Pool, session: Session, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  if (!ADMIN_ROLES.has(session.role)) throw forbidden();
  try {
    return await asUser(pool, session.userId, async (client) => {
      const { rows } = await client.query<{ ok: boolean }>('SELECT crm.can_admin($1) AS ok', [session.workspaceId]);
      if (!rows[0]?.ok) throw forbidden();
      return fn(client);
    });
  } catch (err) {
    throw adminProblem(err);
  }
}
