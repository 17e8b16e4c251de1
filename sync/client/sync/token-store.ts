/**
 * Where a signed-in account's bearer token is kept between runs. Electron backs
 * it with safeStorage (main/electron); the Node runner and tests use a file
 * only the user can read (mode 0600 in a 0700 directory).
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
      return (await readFile(this.file(accountId), 'utf8')).trim() || null;
    } catch {
      return null;
    }
  }

  async save(accountId: string, token: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await writeFile(this.file(accountId), token, { mode: 0o600 });
  }

  async clear(accountId: string): Promise<void> {
    await rm(this.file(accountId), { force: true });
  }
}
