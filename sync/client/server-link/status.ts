/**
 * The sync status the UI shows, as a small state machine:
 *
 *   signed_out ──sign in──► connecting ──started, a table never synced──► initial_sync(progress) ──all tables up to date──► up_to_date(at)
 *                               ▲   │                                                                           │   ▲
 *                               │   └──network error──► offline ──retry succeeds──► (back where it was) ◄───────┘   │
 *                               │                                                                                   │
 *                               └── restart ◄── error(reason) ◄── server refuses (not 401) ── pushing(pending) ──────┘
 *   any ──401 (token refused, device revoked, member removed)──► signed_out
 *   any ──401 device_wiped (an admin's "revoke and wipe")──► signed_out, and the owner deletes the account (onWiped)
 *
 * `pushing` is up_to_date with outbox entries on their way; the UI reads the
 * string-union `state` and the numbers beside it.
 *
 * initial_sync's progress counts rows when the server's sync plan gave their
 * total (rows_total, eta_seconds; progress.ts), else tables as before. Before
 * the first download starts its streams the client asks for that plan (a
 * server without GET /v1/sync-plan answers 404: tables only).
 */
import type { InitialSyncProgress } from './progress.ts';

export type SyncState = 'signed_out' | 'connecting' | 'initial_sync' | 'up_to_date' | 'pushing' | 'offline' | 'error';

export interface SyncStatus {
  state: SyncState;
  /** initial_sync: tables done / total, rows received so far, and with a sync plan rows in all and seconds left. */
  progress?: InitialSyncProgress;
  /** When every table last reported up-to-date. */
  last_synced_at?: string;
  /** Outbox entries not yet confirmed by the stream. */
  pending: number;
  /** Rejected mutations waiting for the user. */
  rejected: number;
  /** error / signed_out: why, in words a rep understands. */
  reason?: string;
}
