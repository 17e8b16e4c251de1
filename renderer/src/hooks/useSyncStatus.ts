import { useEffect, useState } from 'react';
import { bridge } from '../api/transport.ts';
import { parseSyncStatus, type SyncStatus } from '../lib/syncStatus.ts';

/** The latest sync status the core announced; null until it announces one (always, for a local workspace today). */
export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(
    () =>
      bridge.onEvent((event) => {
        if (event.type !== 'sync') return;
        const parsed = parseSyncStatus(event.status);
        if (parsed) setStatus(parsed);
      }),
    [],
  );
  return status;
}
