/** How each sync state reads in the header: a color, a short label, a sentence. */
import type { SyncStatus } from './parseSyncStatus.ts';
import { formatRelative, plural } from './format.ts';

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

export interface SyncDisplay {
  color: string;
  label: string;
  detail: string;
  /** 0..1 while the first download runs. */
  progress?: number;
  /** While the first download runs: "12,400 of 326,054 rows, about 20 s left", or tables done when rows have no total. */
  progressText?: string;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** "about 20 s left", "about 3 min left", "about 1 h 5 min left"; nothing for a rate not known yet. */
export function timeLeft(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 5) return 'almost done';
  if (s < 60) return `about ${s} s left`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''} left`;
}

/** What the first download has done, in the unit it is measured in. */
export function initialSyncText(status: Extract<SyncStatus, { state: 'initial_sync' }>): string {
  if (status.rowsTotal !== undefined) {
    const left = timeLeft(status.etaSeconds);
    return `${count(status.rows ?? 0)} of ${count(status.rowsTotal)} rows${left ? `, ${left}` : ''}`;
  }
  if (status.tablesTotal) {
    const rows = status.rows ? ` (${plural(status.rows, 'record')} so far)` : '';
    return `${status.tablesDone ?? 0} of ${status.tablesTotal} tables${rows}`;
  }
  return status.rows ? `${plural(status.rows, 'record')} so far` : 'Starting';
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
    case 'initial_sync': {
      // Floor, not round: "100%" only when every row is in.
      const percent = Math.floor(status.progress * 100 + 1e-9);
      const text = initialSyncText(status);
      return {
        color: 'blue',
        label: `Downloading ${percent}%`,
        detail: `Getting your workspace for the first time: ${text}. You can start working; records appear as they arrive, and counts are incomplete until it finishes.`,
        progress: status.progress,
        progressText: text,
      };
    }
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
