/**
 * The accounts kept on this computer: one SQLite replica per account, listed in
 * `<dataDir>/accounts.json` (validated with zod when read). The first run
 * creates a local account with its own workspace, so the app works at once with
 * no server; signing in to a server adds a server account (sync client).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, tightenFile, uuidv7 } from './sync-deps.ts';

export const account = z.object({
  id: z.uuid(),
  kind: z.enum(['local', 'server']),
  /** Server accounts only: where to sync. */
  server_url: z.url().optional(),
  user_id: z.uuid(),
  email: z.string(),
  display_name: z.string(),
  workspace_id: z.uuid(),
  workspace_name: z.string(),
  /** Replica file, relative to the data directory. */
  db_file: z.string().regex(/^accounts\/[0-9a-f-]+\.sqlite$/),
  created_at: z.iso.datetime({ offset: true }),
});
export type Account = z.infer<typeof account>;

const accountsFile = z.object({
  version: z.literal(1),
  current: z.uuid().nullable(),
  accounts: z.array(account),
});
export type AccountsFile = z.infer<typeof accountsFile>;

export class AccountsFileError extends Error {}

export async function readAccounts(dataDir: string): Promise<AccountsFile> {
  const file = path.join(dataDir, 'accounts.json');
  let text: string;
  try {
    tightenFile(file);
    text = await readFile(file, 'utf8');
  } catch {
    return { version: 1, current: null, accounts: [] };
  }
  const parsed = accountsFile.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new AccountsFileError(
      `${file} is damaged (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); ` +
        'the replicas in accounts/ are untouched: fix or move the file away to start over.',
    );
  }
  return parsed.data;
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export async function writeAccounts(dataDir: string, accounts: AccountsFile): Promise<void> {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, 'accounts.json');
  await writeFile(`${file}.tmp`, JSON.stringify(accountsFile.parse(accounts), null, 2), {
    mode: 0o600,
  });
  // A .tmp left by a crash keeps its old mode through writeFile: tighten before it becomes the real file.
  tightenFile(`${file}.tmp`);
  await rename(`${file}.tmp`, file);
}

export function newLocalAccount(now: Date): Account {
  const id = uuidv7();
  return {
    id,
    kind: 'local',
    user_id: uuidv7(),
    email: 'me@this.computer',
    display_name: 'Me',
    workspace_id: uuidv7(),
    workspace_name: 'My workspace',
    db_file: `accounts/${id}.sqlite`,
    created_at: now.toISOString(),
  };
}
