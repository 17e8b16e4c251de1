import { useEffect, useState } from 'react';
import { bridge, invoke } from '../api/transport.ts';
import { parseSyncStatus, type SyncStatus } from '../lib/parseSyncStatus.ts';

/**
 * The sync status: asked once (sync.status, so a reload shows e.g. "Signed
 * out" at once), then whatever the core announces. Null until the first
 * answer; a local workspace's status is not a SyncStatus and stays null.
 */
export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let announced = false;
    const stop = bridge.onEvent((event) => {
      if (event.type !== 'sync') return;
      const parsed = parseSyncStatus(event.status);
      if (parsed) {
        announced = true;
        setStatus(parsed);
      }
    });
    invoke('sync.status', {}).then(
      (value) => {
        const parsed = parseSyncStatus(value);
        // An event that arrived meanwhile is newer than this answer.
        if (parsed && !announced) setStatus(parsed);
      },
      // No answer: the events still come; the indicator waits for one.
      () => {},
    );
    return stop;
  }, []);
  return status;
}
