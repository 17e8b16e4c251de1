/** How each sync state reads in the header: a color, a short label, a sentence. */
import type { SyncStatus } from './syncStatus.ts';
import { formatRelative, plural } from './format.ts';

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

export interface SyncDisplay {
  color: string;
  label: string;
  detail: string;
  /** 0..1 while the first download runs. */
  progress?: number;
}

export function syncDisplay(
  kind: 'local' | 'server',
  status: SyncStatus | null,
  counts: { unsynced: number; rejected: number } | null,
): SyncDisplay {
  const rejected = counts?.rejected ?? 0;
  const waiting = counts?.unsynced ? counts.unsynced - rejected : 0;
  if (kind === 'local') {
    return {
      color: rejected ? 'red' : 'gray',
      label: 'On this computer',
      detail:
        'Everything you add is saved on this computer and works without a network. Nothing is shared with anyone until you sign in to your team’s server.',
    };
  }
  const waitingText = waiting > 0 ? ` ${plural(waiting, 'change')} waiting to be sent.` : '';
  const rejectedText =
    rejected > 0 ? ` ${plural(rejected, 'change')} refused by the server: open Sync to fix.` : '';
  if (!status) {
    return rejected
      ? {
          color: 'red',
          label: `${rejected} refused`,
          detail: `Waiting for the sync engine.${waitingText}${rejectedText}`,
        }
      : {
          color: 'gray',
          label: 'Sync starting',
          detail: `Waiting for the sync engine.${waitingText}`,
        };
  }
  switch (status.state) {
    case 'offline':
      return {
        color: 'gray',
        label: 'Offline',
        detail: `No connection. Keep working: changes are saved here and sent when you are back online.${waitingText}${rejectedText}`,
      };
    case 'connecting':
      return { color: 'blue', label: 'Connecting…', detail: `Reaching the server.${waitingText}` };
    case 'initial_sync':
      return {
        color: 'blue',
        label: `Downloading ${Math.round(status.progress * 100)}%`,
        detail: `Getting your workspace for the first time${status.rows ? ` (${plural(status.rows, 'record')} so far)` : ''}. You can start working; records appear as they arrive.`,
        progress: status.progress,
      };
    case 'up_to_date':
      return rejected
        ? { color: 'red', label: `${rejected} refused`, detail: `Up to date, but${rejectedText}` }
        : {
            color: 'teal',
            label: 'Up to date',
            detail: `Everything is on the server (checked ${formatRelative(status.at)}).`,
          };
    case 'pushing':
      return {
        color: 'blue',
        label: `Sending ${status.pending}`,
        detail: `Sending ${plural(status.pending, 'change')}.${rejectedText}`,
      };
    case 'error':
      return {
        color: 'red',
        label: 'Sync problem',
        detail: `Sync stopped: ${status.reason}. Your changes are safe here.${rejectedText}`,
      };
    case 'signed_out':
      return {
        color: 'orange',
        label: 'Signed out',
        detail: `${status.reason ? `${capitalize(status.reason)}. ` : ''}Sign in again to keep syncing. Changes made meanwhile stay on this computer.`,
      };
  }
}
