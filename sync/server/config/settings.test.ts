import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLogicalWal } from '../database/open-database.ts';
import { helpText, loadSettings, REPO_ROOT, SETTINGS, SettingsError } from './settings.ts';

describe('settings', () => {
  it('default to loopback, the embedded database under .data/server, and 30-day tokens', () => {
    const { settings } = loadSettings([], {});
    expect(settings).toMatchObject({
      host: '127.0.0.1', port: 3100, dataDir: path.join(REPO_ROOT, '.data', 'server'), tokenTtlMs: 30 * 86_400_000,
      corsOrigins: '*', trustProxy: false, logLevel: 'info',
    });
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.electricUrl).toBeUndefined();
  });

  it('take flags over environment variables, and parse durations', () => {
    const { settings } = loadSettings(['--port', '4000', '--token-ttl=12h', '--cors-origins', 'http://a.example, http://b.example'], {
      PORT: '5000', HOST: '0.0.0.0', LOGIN_BASE_DELAY: '250ms', TRUST_PROXY: 'true', ELECTRIC_URL: 'http://electric:3000',
    });
    expect(settings).toMatchObject({
      port: 4000, host: '0.0.0.0', tokenTtlMs: 12 * 3_600_000, loginBaseDelayMs: 250, trustProxy: true,
      corsOrigins: ['http://a.example', 'http://b.example'], electricUrl: 'http://electric:3000',
    });
  });

  it('name the setting that is wrong', () => {
    const bad = (argv: string[], env: NodeJS.ProcessEnv) => () => loadSettings(argv, env);
    expect(bad(['--port', 'eighty'], {})).toThrow(/PORT \(--port\)/);
    expect(bad([], { TOKEN_TTL: 'forever' })).toThrow(/TOKEN_TTL.*not a duration/);
    expect(bad([], { FIRST_OWNER_EMAIL: 'boss@example.test' })).toThrow(/FIRST_OWNER_PASSWORD/);
    expect(bad([], { FIRST_OWNER_EMAIL: 'boss@example.test', FIRST_OWNER_PASSWORD: 'short' })).toThrow(/at least 10/);
    expect(bad([], { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(bad([], { DATABASE_URL: 'postgres://owner@db/pantry' })).toThrow(/ALTER ROLE crm_authenticator LOGIN PASSWORD/);
    expect(bad([], { ELECTRIC_URL: 'ftp://x' })).toThrow(/ELECTRIC_URL/);
    expect(bad(['--no-such-flag'], {})).toThrow(SettingsError);
  });

  it('accept DATABASE_URL with the request role given', () => {
    const { settings } = loadSettings([], { DATABASE_URL: 'postgres://owner:pw@db:5432/pantry', AUTHENTICATOR_PASSWORD: 'secret' });
    expect(settings.authenticatorPassword).toBe('secret');
  });

  it('are all listed by --help, with their variables and defaults', () => {
    expect(loadSettings(['--help'], {}).help).toBe(true);
    const text = helpText();
    for (const s of Object.values(SETTINGS)) {
      expect(text).toContain(`--${s.flag} <value>  (${s.env})`);
    }
    expect(text).toContain('default: 127.0.0.1');
    expect(text).not.toMatch(/password.*default: \S*[0-9]/i);
  });
});

describe('wal_level check', () => {
  it('refuses anything but logical with a fix to apply', () => {
    expect(() => assertLogicalWal('replica')).toThrow(/wal_level = 'replica'.*ALTER SYSTEM SET wal_level = logical/);
    expect(() => assertLogicalWal('logical')).not.toThrow();
  });
});
