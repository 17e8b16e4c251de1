/**
 * The sync engine's state as the UI shows it. The core sends the sync client's
 * status (sync/client/sync/status.ts) as `{ type: 'sync', status }` events
 * (main/ipc/events.ts) and answers the `sync.status` channel with the same;
 * parseSyncStatus turns that payload into this union. Anything it does not
 * recognize is ignored, so the indicator never shows a state it cannot explain.
 *
 *   signed_out -> connecting -> initial_sync(progress) -> up_to_date(at)
 *   up_to_date <-> pushing(pending);  any -> offline | error(reason);  offline -> connecting
 */
export type SyncStatus =
  | { state: 'offline'; since?: string }
  | { state: 'connecting' }
  | { state: 'initial_sync'; progress: number; rows?: number }
  | { state: 'up_to_date'; at: string }
  | { state: 'pushing'; pending: number }
  | { state: 'error'; reason: string }
  | { state: 'signed_out'; reason?: string };

export function parseSyncStatus(raw: Record<string, unknown>): SyncStatus | null {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  switch (raw.state) {
    case 'offline': {
      const since = str(raw.since);
      return since ? { state: 'offline', since } : { state: 'offline' };
    }
    case 'connecting':
      return { state: 'connecting' };
    case 'initial_sync': {
      // The core reports tables done of total and rows received; a bare fraction is accepted too.
      const p = raw.progress as
        { tables_done?: unknown; tables_total?: unknown; rows?: unknown } | number | undefined;
      const done = typeof p === 'object' && p ? num(p.tables_done) : undefined;
      const total = typeof p === 'object' && p ? num(p.tables_total) : undefined;
      const fraction = done !== undefined && total ? done / total : (num(p) ?? 0);
      const rows = typeof p === 'object' && p ? num(p.rows) : undefined;
      return {
        state: 'initial_sync',
        progress: Math.min(1, Math.max(0, fraction)),
        ...(rows !== undefined ? { rows } : {}),
      };
    }
    case 'up_to_date':
      return {
        state: 'up_to_date',
        at: str(raw.at) ?? str(raw.last_synced_at) ?? new Date().toISOString(),
      };
    case 'pushing':
      return { state: 'pushing', pending: num(raw.pending) ?? 0 };
    case 'error':
      return { state: 'error', reason: str(raw.reason) ?? 'unknown error' };
    case 'signed_out': {
      const reason = str(raw.reason);
      return reason ? { state: 'signed_out', reason } : { state: 'signed_out' };
    }
    default:
      return null;
  }
}
