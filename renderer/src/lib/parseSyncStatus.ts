/**
 * The sync engine's state as the header and the Sync screen show it. The core
 * sends the sync client's status (states and transitions: the diagram in
 * sync/client/server-link/status.ts) typed by the channel contract, as `{ type:
 * 'sync', status }` events and as the `sync.status` answer; parseSyncStatus
 * keeps what each state shows. A local workspace has no sync state (null).
 */
import type {
  ServerSyncStatus,
  SyncStatus as CoreSyncStatus,
} from '../../../main/ipc/contract/index.ts';

export type SyncStatus =
  | { state: 'offline' }
  | { state: 'connecting' }
  | {
      state: 'initial_sync';
      /** 0..1: rows of rows_total when the server gave a total, else tables done of all tables. */
      progress: number;
      rows?: number;
      /** Rows the first download holds in all (the server's sync plan); absent: progress counts tables. */
      rowsTotal?: number;
      /** Seconds left at the rate seen so far, once there is a rate. */
      etaSeconds?: number;
      tablesDone?: number;
      tablesTotal?: number;
    }
  | { state: 'up_to_date'; at: string }
  | { state: 'pushing'; pending: number }
  | { state: 'error'; reason: string }
  | { state: 'signed_out'; reason?: string };

function view(s: ServerSyncStatus): SyncStatus {
  switch (s.state) {
    case 'offline':
      return { state: 'offline' };
    case 'connecting':
      return { state: 'connecting' };
    case 'initial_sync': {
      const p = s.progress;
      // Rows when the total is known (a big table no longer stalls the bar), else tables as older servers allow.
      const byRows = p?.rows_total !== undefined && p.rows_total > 0;
      const fraction = !p ? 0 : byRows ? p.rows / p.rows_total! : p.tables_total ? p.tables_done / p.tables_total : 0;
      return {
        state: 'initial_sync',
        progress: Math.min(1, Math.max(0, fraction)),
        ...(p
          ? {
              rows: p.rows,
              tablesDone: p.tables_done,
              tablesTotal: p.tables_total,
              ...(byRows ? { rowsTotal: p.rows_total } : {}),
              ...(byRows && p.eta_seconds !== undefined ? { etaSeconds: p.eta_seconds } : {}),
            }
          : {}),
      };
    }
    case 'up_to_date':
      // Before the first full sync is recorded there is no time yet: "checked just now".
      return { state: 'up_to_date', at: s.last_synced_at ?? new Date().toISOString() };
    case 'pushing':
      return { state: 'pushing', pending: s.pending };
    case 'error':
      return { state: 'error', reason: s.reason ?? 'unknown error' };
    case 'signed_out':
      return s.reason ? { state: 'signed_out', reason: s.reason } : { state: 'signed_out' };
  }
}

export function parseSyncStatus(raw: CoreSyncStatus): SyncStatus | null {
  return raw.state === 'local' ? null : view(raw);
}
