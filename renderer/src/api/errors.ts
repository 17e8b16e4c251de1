/**
 * What a rep reads when something goes wrong. Channel errors carry a stable
 * code; each code gets a sentence that says what happened and what to do.
 * The core's own message is kept as detail, since it names the record or rule.
 */
import { readableIssue } from '../lib/messages.ts';
import { ChannelCallError, type ChannelError } from './transport.ts';

const FRIENDLY: Record<string, string> = {
  not_found: 'This record is no longer here. It may have been deleted or merged into another one.',
  conflict: 'Someone (or another window) changed this at the same time. Reload it and try again.',
  pending_changes:
    'Some changes have not reached the server yet. Sync first, or export or discard them.',
  invalid_state: 'That cannot be done right now.',
  invalid_input: 'Some fields need attention.',
  unknown_channel: 'This part of the app is not available in this version.',
  internal:
    'Something went wrong on this computer. Your saved work is safe; try again, and tell support if it keeps happening.',
  network:
    'The app could not reach its local service. Check that it is still running, then try again.',
};

/** Codes whose message from the core is already the sentence to show (it names what was refused and why). */
const SAYS_WHY = new Set([
  'invalid_state',
  'forbidden',
  'offline',
  'signed_out',
  'refused',
  'invalid_credentials',
  'throttled',
  'incompatible_server',
  'device_revoked',
]);

/** The headline for an error code. */
export function friendlyTitle(code: string): string {
  switch (code) {
    case 'not_found':
      return 'Not found';
    case 'conflict':
      return 'Changed elsewhere';
    case 'pending_changes':
      return 'Unsynced changes';
    case 'invalid_state':
      return 'Not possible right now';
    case 'invalid_input':
      return 'Check the highlighted fields';
    case 'unknown_channel':
      return 'Not available';
    case 'forbidden':
      return 'Not allowed';
    case 'offline':
      return 'Server not reachable';
    case 'signed_out':
      return 'Signed out';
    case 'refused':
      return 'Refused by the server';
    case 'invalid_credentials':
      return 'Wrong email or password';
    case 'throttled':
      return 'Too many attempts';
    case 'incompatible_server':
      return 'This server does not match this app';
    case 'device_revoked':
      return 'This computer was revoked';
    default:
      return 'Something went wrong';
  }
}

/** The sentence for an error: the core's message when it says why (SAYS_WHY), else the code's sentence. */
export function friendlyMessage(error: ChannelError): string {
  if (SAYS_WHY.has(error.code)) return capitalize(error.message);
  if (error.code === 'invalid_input' && error.issues?.length) {
    return error.issues.map((i) => `${fieldLabel(i.path)} ${readableIssue(i.message)}`).join('; ');
  }
  return FRIENDLY[error.code] ?? FRIENDLY.internal!;
}

/** Any thrown value as a ChannelError (fetch failures become `network`). */
export function toChannelError(err: unknown): ChannelError {
  if (err instanceof ChannelCallError) return err.error;
  if (err instanceof TypeError) return { code: 'network', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export function capitalize(s: string): string {
  return s.length ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** `organization_id` -> `Organization`, `changes.first_name` -> `First name`. */
export function fieldLabel(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => p !== 'changes')
      .join(' ') || 'Input';
  if (last === '(input)') return 'Input';
  return capitalize(last.replace(/_id$/, '').replace(/_/g, ' '));
}
