/**
 * The token store of the Electron app: each account's bearer token encrypted
 * with safeStorage (the OS keychain: Keychain, DPAPI, libsecret/kwallet), in a
 * 0600 file under the app's data directory.
 *
 * Where the OS offers no encryption (a Linux session without a secret
 * service), the token is kept in memory only: the app works, and asks for the
 * password again next launch, rather than writing a token anyone with the
 * file could use. A file the keychain can no longer decrypt (another user,
 * a reset keychain) is treated as signed out and removed.
 *
 * No `electron` import at run time: main.ts passes safeStorage in, which keeps
 * this file loadable (and tested) in plain Node.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenStore } from '../core/index.ts';

/** The part of Electron's safeStorage this store uses. */
export interface StringEncryption {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class SafeStorageTokenStore implements TokenStore {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly encryption: StringEncryption,
    private readonly warn: (message: string) => void = console.warn,
  ) {}

  private file(accountId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(accountId)) throw new Error(`not an account id: ${accountId}`);
    return path.join(this.dir, `${accountId}.token.enc`);
  }

  async load(accountId: string): Promise<string | null> {
    const kept = this.memory.get(accountId);
    if (kept) return kept;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.file(accountId));
    } catch {
      return null;
    }
    if (!this.encryption.isEncryptionAvailable()) return null;
    try {
      return this.encryption.decryptString(sealed) || null;
    } catch {
      this.warn('a saved sign-in could not be decrypted with this keychain; sign in again');
      await rm(this.file(accountId), { force: true });
      return null;
    }
  }

  async save(accountId: string, token: string): Promise<void> {
    const file = this.file(accountId);
    if (!this.encryption.isEncryptionAvailable()) {
      this.warn('no OS keychain: the sign-in is kept until the app quits');
      this.memory.set(accountId, token);
      await rm(file, { force: true });
      return;
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await writeFile(file, this.encryption.encryptString(token), { mode: 0o600 });
    this.memory.delete(accountId);
  }

  async clear(accountId: string): Promise<void> {
    this.memory.delete(accountId);
    await rm(this.file(accountId), { force: true });
  }
}
