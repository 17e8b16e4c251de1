/**
 * The sync status as the core reports it (`sync.status` and `{ type: 'sync' }`
 * events). Its state diagram is the sync client's (sync/client/server-link/status.ts);
 * main/ipc/channels.ts checks at compile time that the client's type fits this
 * schema, so the two cannot drift. A local workspace reports `local` with its counts.
 */
import { z } from 'zod';

export const SYNC_STATES = [
  'signed_out',
  'connecting',
  'initial_sync',
  'up_to_date',
  'pushing',
  'offline',
  'error',
] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const serverSyncStatus = z.object({
  state: z.enum(SYNC_STATES),
  /**
   * initial_sync: tables done / total, rows received so far; with the server's
   * sync plan also rows in all and, once the rate is known, seconds left. The
   * two are optional: an older core or server reports tables only.
   */
  progress: z
    .object({
      tables_done: z.number(),
      tables_total: z.number(),
      rows: z.number(),
      rows_total: z.number().nonnegative().optional(),
      eta_seconds: z.number().nonnegative().optional(),
    })
    .optional(),
  /** When every table last reported up-to-date. */
  last_synced_at: z.string().optional(),
  /** Outbox entries not yet confirmed by the stream. */
  pending: z.number(),
  /** Rejected mutations waiting for the user. */
  rejected: z.number(),
  /** error / signed_out: why, in words a rep understands. */
  reason: z.string().optional(),
});
export type ServerSyncStatus = z.infer<typeof serverSyncStatus>;

/** A local workspace has nothing to sync; it reports the changes it keeps. */
export const localSyncStatus = z.object({
  state: z.literal('local'),
  pending: z.number(),
  rejected: z.number(),
});
export type LocalSyncStatus = z.infer<typeof localSyncStatus>;

export const syncStatus = z.union([serverSyncStatus, localSyncStatus]);
export type SyncStatus = z.infer<typeof syncStatus>;
