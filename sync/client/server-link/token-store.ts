/**
 * Where a signed-in account's bearer token is kept between runs. Electron backs
 * it with safeStorage (main/electron); the Node runner and tests use a file
 * only the user can read (mode 0600 in a 0700 directory).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, tightenFile } from '../replica/private-files.ts';

export interface TokenStore {
  load(accountId: string): Promise<string | null>;
  save(accountId: string, token: string): Promise<void>;
  clear(accountId: string): Promise<void>;
}

export class FileTokenStore implements TokenStore {
  constructor(private readonly dir: string) {}

  private file(accountId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(accountId)) throw new Error(`not an account id: ${accountId}`);
    return path.join(this.dir, `${accountId}.token`);
  }

  async load(accountId: string): Promise<string | null> {
    try {
      // A token an older version wrote with the umask's mode is tightened before it is read.
      tightenFile(this.file(accountId));
      return (await readFile(this.file(accountId), 'utf8')).trim() || null;
    } catch {
      return null;
    }
  }

  async save(accountId: string, token: string): Promise<void> {
    ensurePrivateDir(this.dir);
    // `mode` applies only when the file is created: tighten a file that already existed too.
    await writeFile(this.file(accountId), token, { mode: 0o600 });
    tightenFile(this.file(accountId));
  }

  async clear(accountId: string): Promise<void> {
    await rm(this.file(accountId), { force: true });
  }
}
