/** The accounts kept on this computer, as the account menu names them. */
import type { AppInfo } from '../api/types.ts';

export type KeptAccount = AppInfo['account'];

/** "My workspace (this computer)" or "Acme Food Brokers — elena@acme.example". */
export function accountLabel(a: KeptAccount): string {
  return a.kind === 'local'
    ? `${a.workspace_name} (this computer)`
    : `${a.workspace_name} — ${a.email}`;
}

/** Where the account's data lives, in a few words. */
export function accountWhere(a: KeptAccount): string {
  if (a.kind === 'local') return 'On this computer only';
  return `Signed in to ${a.server_url ? new URL(a.server_url).host : 'a server'}`;
}

/** Every screen reads the account when it starts: after a switch, start over from the dashboard. */
export function reloadIntoAccount(): void {
  window.location.hash = '#/';
  window.location.reload();
}
