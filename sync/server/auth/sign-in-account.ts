/**
 * Who is signing in: the account whose password was sent, or a person with
 * no account yet who sends an invitation code as the password (and
 * `new_password`) and gets an account in the inviting workspace. An account's
 * own sign-in may carry `invitation_code` to accept an invitation: pending
 * invitations are never memberships until then.
 *
 * Every way to fail before the password is proven answers the same
 * `invalid_credentials`, and an unknown email costs a password check too, so
 * nobody can probe which emails have accounts.
 */
import type pg from 'pg';
import { z } from 'zod';
import { memberRole } from '../../schema/enums.ts';
import { isPgError } from '../database/as-user.ts';
import { HttpProblem } from '../http/problem.ts';
import { hashInvitationCode } from './invitation-code.ts';
import { hashPassword, verifyPassword } from '../../../server-migrations/identity/password-hash.ts';

export const candidateRow = z.object({
  user_id: z.string(),
  password_hash: z.string().nullable(),
  disabled: z.boolean(),
  one_time_expires_at: z.date().nullable(),
  workspace_id: z.string().nullable(),
  workspace_name: z.string().nullable(),
  role: memberRole.nullable(),
});
export type Candidate = z.infer<typeof candidateRow>;

export interface SignInRequest {
  email: string;
  password: string;
  new_password?: string | undefined;
  invitation_code?: string | undefined;
}

export interface SignedInAccount {
  userId: string;
  /** The workspace an invitation was accepted for in this sign-in: where the session goes unless another is picked. */
  invitedWorkspaceId?: string;
  /** The new password is already set (the account was created with it). */
  passwordSet: boolean;
}

/** Verified against when the email is unknown, so a miss takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

const invalidCredentials = () => new HttpProblem(401, 'invalid_credentials', 'the email or the password is wrong');

export async function lookupCandidates(pool: pg.Pool, email: string): Promise<Candidate[]> {
  const { rows } = await pool.query('SELECT * FROM crm.auth_login_lookup($1)', [email]);
  return rows.map((r) => candidateRow.parse(r));
}

/**
 * The account of a sign-in whose password (or invitation code) is right;
 * throws 401 otherwise. `onProven` runs as soon as the secret is known to be
 * right, before any later refusal (expired, password change required...).
 */
export async function proveAccount(pool: pg.Pool, body: SignInRequest, onProven: () => Promise<void>): Promise<SignedInAccount> {
  dummyHash ??= hashPassword('not a password of anyone');
  const candidates = await lookupCandidates(pool, body.email);
  const user = candidates[0];
  const passwordOk = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
  if (!user) return claimInvitation(pool, body, onProven);
  if (!user.password_hash || user.disabled || !passwordOk) throw invalidCredentials();
  await onProven();
  if (user.one_time_expires_at && user.one_time_expires_at.getTime() < Date.now()) {
    throw new HttpProblem(401, 'one_time_password_expired', 'this one-time password has expired: ask an admin to invite you again');
  }
  if (user.one_time_expires_at && !body.new_password) {
    throw passwordChangeRequired('this is a one-time password');
  }
  if (!body.invitation_code) return { userId: user.user_id, passwordSet: false };
  try {
    const { rows } = await pool.query<{ workspace_id: string }>('SELECT crm.auth_accept_invitation($1, $2) AS workspace_id', [
      user.user_id, hashInvitationCode(body.invitation_code),
    ]);
    return { userId: user.user_id, invitedWorkspaceId: rows[0]!.workspace_id, passwordSet: false };
  } catch (err) {
    if (isPgError(err) && err.code === 'CRMI2') {
      throw new HttpProblem(403, 'invalid_invitation', 'this invitation code does not work for your account: it may be mistyped, used, expired or for another email; ask the admin who invited you', 'invitation_code');
    }
    throw err;
  }
}

function passwordChangeRequired(what: string): HttpProblem {
  return new HttpProblem(403, 'password_change_required', `${what}: sign in again with new_password set to a password of your own`, 'new_password');
}

/** No account for this email: the password may be the code of an invitation to it. */
async function claimInvitation(pool: pg.Pool, body: SignInRequest, onProven: () => Promise<void>): Promise<SignedInAccount> {
  const codeHash = hashInvitationCode(body.password);
  const { rows } = await pool.query<{ expires_at: Date }>('SELECT * FROM crm.auth_find_invitation($1, $2)', [body.email, codeHash]);
  const invitation = rows[0];
  if (!invitation) throw invalidCredentials();
  await onProven();
  if (invitation.expires_at.getTime() < Date.now()) {
    throw new HttpProblem(401, 'invitation_expired', 'this invitation has expired: ask an admin to invite you again');
  }
  if (!body.new_password) throw passwordChangeRequired('this is an invitation code');
  try {
    const claimed = await pool.query<{ user_id: string; workspace_id: string }>('SELECT * FROM crm.auth_claim_invitation($1, $2, $3)', [
      body.email, codeHash, await hashPassword(body.new_password),
    ]);
    const row = claimed.rows[0]!;
    return { userId: row.user_id, invitedWorkspaceId: row.workspace_id, passwordSet: true };
  } catch (err) {
    // Used or claimed by a concurrent sign-in a moment ago: the code no longer opens anything.
    if (isPgError(err) && (err.code === 'CRMI2' || err.code === 'CRMI3' || err.code === '23505')) throw invalidCredentials();
    throw err;
  }
}
