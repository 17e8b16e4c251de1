/**
 * The sync engine's state as the UI shows it. The sync client is not wired
 * yet; when it is, it sends `{ type: 'sync', status }` events (main/ipc/events.ts)
 * and parseSyncStatus turns their payload into this union. Anything it does not
 * recognize is ignored, so the indicator never shows a state it cannot explain.
 *
 *   signed_out -> connecting -> initial_sync(progress) -> up_to_date(at)
 *   up_to_date <-> pushing(pending);  any -> offline | error(reason);  offline -> connecting
 */
export type SyncStatus =
  | { state: 'offline'; since?: string }
  | { state: 'connecting' }
  | { state: 'initial_sync'; progress: number }
  | { state: 'up_to_date'; at: string }
  | { state: 'pushing'; pending: number }
  | { state: 'error'; reason: string }
  | { state: 'signed_out' };

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
    case 'initial_sync':
      return { state: 'initial_sync', progress: Math.min(1, Math.max(0, num(raw.progress) ?? 0)) };
    case 'up_to_date':
      return { state: 'up_to_date', at: str(raw.at) ?? new Date().toISOString() };
    case 'pushing':
      return { state: 'pushing', pending: num(raw.pending) ?? 0 };
    case 'error':
      return { state: 'error', reason: str(raw.reason) ?? 'unknown error' };
    case 'signed_out':
      return { state: 'signed_out' };
    default:
      return null;
  }
}
