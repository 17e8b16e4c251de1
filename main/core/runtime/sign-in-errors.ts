/**
 * Why a sign-in failed, in words a person can act on. Each failure keeps its
 * own stable code, so the UI never shows a wrong password as "not found":
 * - invalid_credentials: the email or the password is wrong (or the account is disabled:
 *   the server answers both alike on purpose, so nobody can probe which emails exist);
 * - throttled: too many failed attempts; the server says how long to wait;
 * - offline: the server cannot be reached;
 * - incompatible_server: the address answers, but not as this version of the app expects;
 * - device_revoked: an admin revoked this computer;
 * - refused: any other refusal the server explains (no workspace, one-time password expired...).
 * Bad input the server blames on a field the person typed becomes that field's issue.
 */
import { CommandError, fieldErrors } from '../errors.ts';
import { SyncHttpError } from './sync-deps.ts';

/** Fields of the sign-in form; anything else the server blames is the app's request, not the person's input. */
const FORM_FIELDS = new Set(['email', 'password', 'workspace_id', 'invitation_code', 'new_password']);

export function signInError(err: unknown, serverUrl: string): unknown {
  if (!(err instanceof SyncHttpError)) return err;
  const where = originOf(serverUrl);
  if (err.offline) {
    return new CommandError('offline', `the server at ${where} cannot be reached: check the address and your connection, then try again`);
  }
  if (err.code === 'invalid_credentials') {
    return new CommandError('invalid_credentials', 'the email or the password is wrong: check both and try again');
  }
  if (err.status === 429) {
    const seconds = err.retryAfterSeconds ?? 60;
    return new CommandError(
      'throttled',
      `too many failed sign-ins for this account: wait ${seconds} s, then try again`,
      { retry_after_seconds: seconds },
    );
  }
  if (err.code === 'device_revoked') {
    return new CommandError(
      'device_revoked',
      'an admin revoked this computer, so it cannot sign in to this server: ask them, and reset the app on this computer to sign in as a new device',
    );
  }
  if (err.status === 400 && err.field && FORM_FIELDS.has(err.field)) {
    return fieldErrors([{ field: err.field, message: err.message }]);
  }
  if (err.status >= 500) {
    return new CommandError('refused', `the server at ${where} had a problem signing you in (${err.status}): try again in a moment, or tell your admin`);
  }
  if (err.code === 'bad_response' || err.status === 400 || err.status === 404 || err.status === 405 || err.code.startsWith('http_')) {
    // A 400 here blames a field the app filled in (device, unknown keys): the server expects another version.
    return new CommandError(
      'incompatible_server',
      `the server at ${where} did not answer the way this version of the app expects (it may be older or newer than the app, or not a Pantry server): check the address, or ask your admin which app version to use`,
    );
  }
  if (err.code === 'password_change_required') {
    return fieldErrors([
      { field: 'new_password', message: 'this password or invitation code is for first use only: choose a password of your own ("I have no password on this server yet")' },
    ]);
  }
  return new CommandError('refused', err.message);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
