/**
 * The Electron token store in plain Node. safeStorage itself needs Electron and
 * an OS keychain, neither of which exists on the build machines, so a real
 * AES-256-GCM cipher with a per-test key stands in for the keychain: what is
 * tested is what this store does with it (nothing readable on disk, memory-only
 * without a keychain, an undecryptable file treated as signed out).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeStorageTokenStore, type StringEncryption } from './safe-storage-token-store.ts';

function keychain(available = true): StringEncryption {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const ACCOUNT = '0190f5a4-7b7e-7c3e-9f41-1b2c3d4e5f60';
const TOKEN = 'pantry_tok_3c8d1f0a9b7e6d5c4b3a2918';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const tempDir = () => (dir = mkdtempSync(path.join(tmpdir(), 'pantry-tokens-')));

describe('SafeStorageTokenStore', () => {
  it('keeps the token encrypted in a file only the user can read, and reads it back in a new app run', async () => {
    const tokens = path.join(tempDir(), 'tokens');
    const chain = keychain();
    await new SafeStorageTokenStore(tokens, chain).save(ACCOUNT, TOKEN);
    const [file] = readdirSync(tokens);
    expect(file).toBe(`${ACCOUNT}.token.enc`);
    expect(readFileSync(path.join(tokens, file!)).includes(Buffer.from(TOKEN))).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(path.join(tokens, file!)).mode & 0o777).toBe(0o600);
      expect(statSync(tokens).mode & 0o777).toBe(0o700);
    }
    expect(await new SafeStorageTokenStore(tokens, chain).load(ACCOUNT)).toBe(TOKEN);
    await new SafeStorageTokenStore(tokens, chain).clear(ACCOUNT);
    expect(readdirSync(tokens)).toEqual([]);
  });

  it('without an OS keychain keeps the token for this run only and writes nothing', async () => {
    const tokens = path.join(tempDir(), 'tokens');
    const warnings: string[] = [];
    const store = new SafeStorageTokenStore(tokens, keychain(false), (m) => warnings.push(m));
    await store.save(ACCOUNT, TOKEN);
    expect(await store.load(ACCOUNT)).toBe(TOKEN);
    expect(warnings).toEqual(['no OS keychain: the sign-in is kept until the app quits']);
    expect(existsSync(tokens) ? readdirSync(tokens) : []).toEqual([]);
    expect(await new SafeStorageTokenStore(tokens, keychain(false)).load(ACCOUNT)).toBeNull();
  });

  it('treats a file another keychain sealed as signed out, and removes it', async () => {
    const tokens = path.join(tempDir(), 'tokens');
    await new SafeStorageTokenStore(tokens, keychain()).save(ACCOUNT, TOKEN);
    const warnings: string[] = [];
    const other = new SafeStorageTokenStore(tokens, keychain(), (m) => warnings.push(m));
    expect(await other.load(ACCOUNT)).toBeNull();
    expect(warnings[0]).toMatch(/could not be decrypted/);
    expect(readdirSync(tokens)).toEqual([]);
  });

  it('refuses a file name that is not an account id', async () => {
    const store = new SafeStorageTokenStore(path.join(tempDir(), 'tokens'), keychain());
    await expect(store.save('../../etc/passwd', TOKEN)).rejects.toThrow(/not an account id/);
  });
});
