/**
 * "Revoke and wipe" on the desktop side: when the server answers 401
 * device_wiped, this computer forgets the account entirely, namely its replica
 * (with SQLite's -wal and -shm), its token and its entry in accounts.json.
 * Other accounts and the local workspace are left as they are. The caller
 * has closed the replica first (Windows cannot delete an open file).
 */
import path from 'node:path';
import { readAccounts, writeAccounts, type Account } from './accounts.ts';
import { removeDatabaseFiles, type TokenStore } from './sync-deps.ts';

export async function forgetWipedAccount(dataDir: string, account: Account, tokens: TokenStore): Promise<void> {
  removeDatabaseFiles(path.join(dataDir, account.db_file));
  await tokens.clear(account.id);
  const file = await readAccounts(dataDir);
  await writeAccounts(dataDir, {
    version: 1,
    current: file.current === account.id ? null : file.current,
    accounts: file.accounts.filter((a) => a.id !== account.id),
  });
}
