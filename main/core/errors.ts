/**
 * Expected failures of commands and queries, as values a transport can pass on
 * unchanged. Invalid input is always a z.ZodError whose issues name the field
 * (path = [field]), whether zod itself, a cross-field rule or a reference check
 * found it, so the UI can put every message next to its input. Everything else
 * expected is a CommandError with a stable code; any other exception is a bug.
 */
import { z } from 'zod';

export type CommandErrorCode =
  | 'not_found'
  | 'conflict'
  | 'pending_changes'
  | 'invalid_state'
  // Asking the sync server on the user's behalf (admin): not allowed, not reachable, sign-in refused,
  // or refused for a reason its message states (already a member, last owner).
  | 'forbidden'
  | 'offline'
  | 'signed_out'
  | 'refused'
  // Signing in: wrong email or password, too many failed attempts (wait), a server this app
  // cannot talk to (too old, too new, not a Pantry server), this computer revoked by an admin.
  | 'invalid_credentials'
  | 'throttled'
  | 'incompatible_server'
  | 'device_revoked';

export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    /** Extra facts for the caller (e.g. `{ pending: 3 }`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** A ZodError for issues found outside zod, shaped like zod's own (path = [field]). */
export function fieldErrors(issues: readonly FieldIssue[], input?: unknown): z.ZodError {
  return new z.ZodError(
    issues.map((i) => ({ code: 'custom' as const, path: [i.field], message: i.message, input })),
  );
}

/** Throws the issues as one ZodError when there are any. */
export function assertNoIssues(issues: readonly FieldIssue[], input?: unknown): void {
  if (issues.length > 0) throw fieldErrors(issues, input);
}

/** Field-level issues of a ZodError, flattened to `field` = the dotted path (unknown keys listed by name). */
export function issuesOf(err: z.ZodError): FieldIssue[] {
  return err.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({
          field: [...i.path, k].join('.'),
          message: 'is not a field that can be set here',
        }))
      : [{ field: i.path.join('.') || '(input)', message: i.message }],
  );
}
