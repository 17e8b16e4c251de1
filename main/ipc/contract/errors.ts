/**
 * How a channel fails, as the UI receives it: a stable code, a sentence, the
 * fields at fault, facts to act on. Defined once here; the core raises these
 * codes, every transport forwards them, the renderer reads them.
 */
import { z } from 'zod';

/** Codes the core raises on purpose (main/core/errors.ts CommandError). */
export const COMMAND_ERROR_CODES = [
  'not_found',
  'conflict',
  'pending_changes',
  'invalid_state',
  // Asking the sync server on the user's behalf (admin): not allowed, not reachable, sign-in refused,
  // or refused for a reason its message states (already a member, last owner).
  'forbidden',
  'offline',
  'signed_out',
  'refused',
  // Signing in: wrong email or password, too many failed attempts (wait), a server this app
  // cannot talk to (too old, too new, not a Pantry server), this computer revoked by an admin.
  'invalid_credentials',
  'throttled',
  'incompatible_server',
  'device_revoked',
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

/** Codes the channel layer adds: bad input, no such channel, a bug (never a stack trace). */
export const TRANSPORT_ERROR_CODES = ['invalid_input', 'unknown_channel', 'internal'] as const;

export const CHANNEL_ERROR_CODES = [...COMMAND_ERROR_CODES, ...TRANSPORT_ERROR_CODES] as const;
export type ChannelErrorCode = (typeof CHANNEL_ERROR_CODES)[number];

export const fieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssue>;

// `code` stays a string on the wire: the renderer also makes its own (`network` when the
// local service cannot be reached), and an older UI must not choke on a newer code.
export const channelError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(fieldIssue).optional(),
  /** Facts the UI may show or act on (e.g. `{ pending: 3 }` when sign-out is refused). */
  details: z.record(z.string(), z.json()).optional(),
});
export type ChannelError = z.infer<typeof channelError>;

export type ChannelResult<T> = { ok: true; value: T } | { ok: false; error: ChannelError };
