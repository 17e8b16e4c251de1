/**
 * What the account menu does: list the kept accounts, switch, sign out (with
 * the unsynced-changes guard). Each success reloads into the new account.
 */
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { friendlyMessage, friendlyTitle, toChannelError } from '../api/errors.ts';
import { invoke } from '../api/transport.ts';
import { reloadIntoAccount, type KeptAccount } from '../lib/accounts.ts';

export interface AccountActions {
  accounts: KeptAccount[];
  refresh(): void;
  switchTo(id: string): void;
  signOut(unsynced: 'refuse' | 'discard'): void;
  /** The refused sign-out's count of unsynced changes (null: nothing refused). */
  unsynced: number | null;
  dismissUnsynced(): void;
  busy: boolean;
}

function showFailure(err: unknown): void {
  const error = toChannelError(err);
  notifications.show({
    color: 'red',
    title: friendlyTitle(error.code),
    message: friendlyMessage(error),
  });
}

export function useAccountActions(): AccountActions {
  const [accounts, setAccounts] = useState<KeptAccount[]>([]);
  const [unsynced, setUnsynced] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    invoke('session.accounts').then(setAccounts, showFailure);
  }, []);

  const switchTo = useCallback((id: string) => {
    setBusy(true);
    invoke('session.switch', { account_id: id })
      .then(reloadIntoAccount, showFailure)
      .finally(() => setBusy(false));
  }, []);

  const signOut = useCallback((choice: 'refuse' | 'discard') => {
    setBusy(true);
    invoke('session.sign_out', { unsynced: choice })
      .then(reloadIntoAccount, (err: unknown) => {
        const error = toChannelError(err);
        const pending = error.details?.pending;
        if (error.code === 'pending_changes' && typeof pending === 'number') setUnsynced(pending);
        else showFailure(err);
      })
      .finally(() => setBusy(false));
  }, []);

  return {
    accounts,
    refresh,
    switchTo,
    signOut,
    unsynced,
    dismissUnsynced: () => setUnsynced(null),
    busy,
  };
}
