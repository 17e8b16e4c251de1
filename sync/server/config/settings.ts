/**
 * The sync server's settings: each from a command-line flag, else an
 * environment variable, else its default; validated with zod so a typo stops
 * the server with a message naming the setting instead of misbehaving later.
 * `npm run server -- --help` prints SETTINGS as a table.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The repository root (sync/server/config -> ../../..), where `.data/` lives by default. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** "30d", "12h", "15m", "10s", "250ms" or a bare number of seconds -> milliseconds. */
export const duration = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(String(v));
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like 30d, 12h, 15m, 10s or 250ms` });
      return z.NEVER;
    }
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms'];
    return Math.round(Number(m[1]) * unit);
  });

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();
const optionalText = z.string().trim().min(1).optional();

interface SettingDoc {
  env: string;
  flag: string;
  help: string;
  /** Shown in --help; secrets never show their value. */
  defaultText?: string;
}

/** Every setting, with its flag, variable and meaning: the --help text and the README table come from here. */
export const SETTINGS = {
  host: { env: 'HOST', flag: 'host', help: 'address to listen on', defaultText: '127.0.0.1 (loopback only)' },
  port: { env: 'PORT', flag: 'port', help: 'HTTP port (0 picks a free one)', defaultText: '3100' },
  dataDir: { env: 'DATA_DIR', flag: 'data-dir', help: 'server state: embedded PostgreSQL, generated passwords', defaultText: '<repo>/.data/server' },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url', help: 'PostgreSQL to use instead of the embedded one; a role that owns the schema (runs migrations). wal_level must be logical', defaultText: 'unset: embedded PostgreSQL under the data dir' },
  authenticatorUrl: { env: 'AUTHENTICATOR_URL', flag: 'authenticator-url', help: 'connection for requests, as crm_authenticator (LOGIN, owns nothing, no BYPASSRLS)', defaultText: 'embedded: generated; else DATABASE_URL with user crm_authenticator and AUTHENTICATOR_PASSWORD' },
  authenticatorPassword: { env: 'AUTHENTICATOR_PASSWORD', flag: 'authenticator-password', help: 'password of crm_authenticator when DATABASE_URL is set and AUTHENTICATOR_URL is not' },
  embeddedPostgresPort: { env: 'EMBEDDED_PG_PORT', flag: 'embedded-pg-port', help: 'port of the embedded PostgreSQL on 127.0.0.1 (0 = a free one)', defaultText: '0' },
  dbPoolSize: { env: 'DB_POOL_SIZE', flag: 'db-pool-size', help: 'connections for requests', defaultText: '10' },
  firstOwnerEmail: { env: 'FIRST_OWNER_EMAIL', flag: 'first-owner-email', help: 'first start only: email of the first owner (else a one-time setup code is printed for POST /v1/setup)' },
  firstOwnerPassword: { env: 'FIRST_OWNER_PASSWORD', flag: 'first-owner-password', help: 'first start only: the first owner\'s password (10-200 characters)' },
  firstOwnerName: { env: 'FIRST_OWNER_NAME', flag: 'first-owner-name', help: 'first start only: the first owner\'s display name', defaultText: 'the part of the email before @' },
  firstWorkspaceName: { env: 'FIRST_WORKSPACE_NAME', flag: 'first-workspace-name', help: 'first start only: name of the first workspace', defaultText: 'Pantry' },
  tokenTtlMs: { env: 'TOKEN_TTL', flag: 'token-ttl', help: 'lifetime of a sign-in token', defaultText: '30d' },
  inviteTtlMs: { env: 'INVITE_TTL', flag: 'invite-ttl', help: 'lifetime of a one-time password given to a new member', defaultText: '7d' },
  loginFreeAttempts: { env: 'LOGIN_FREE_ATTEMPTS', flag: 'login-free-attempts', help: 'failed sign-ins per account before it is slowed down', defaultText: '5' },
  loginFreeAttemptsPerAddress: { env: 'LOGIN_FREE_ATTEMPTS_PER_ADDRESS', flag: 'login-free-attempts-per-address', help: 'failed sign-ins per client address before it is slowed down', defaultText: '30' },
  loginBaseDelayMs: { env: 'LOGIN_BASE_DELAY', flag: 'login-base-delay', help: 'first lockout after the free attempts; doubles with each further failure', defaultText: '1s' },
  loginMaxDelayMs: { env: 'LOGIN_MAX_DELAY', flag: 'login-max-delay', help: 'longest lockout', defaultText: '15m' },
  loginForgetAfterMs: { env: 'LOGIN_FORGET_AFTER', flag: 'login-forget-after', help: 'failures older than this are forgotten', defaultText: '1h' },
  trustProxy: { env: 'TRUST_PROXY', flag: 'trust-proxy', help: 'true when behind a reverse proxy: client address from X-Forwarded-For', defaultText: 'false' },
  maxBodyBytes: { env: 'MAX_BODY_BYTES', flag: 'max-body-bytes', help: 'largest request body accepted (413 above)', defaultText: '4194304' },
  corsOrigins: { env: 'CORS_ORIGINS', flag: 'cors-origins', help: 'comma-separated origins allowed to call the API from a browser, or *', defaultText: '* (tokens travel in a header, never in cookies)' },
  accessRecheckMs: { env: 'ACCESS_RECHECK_INTERVAL', flag: 'access-recheck-interval', help: 'how often in-flight shape requests re-check access besides LISTEN/NOTIFY', defaultText: '15s' },
  electricUrl: { env: 'ELECTRIC_URL', flag: 'electric-url', help: 'proxy mode: base URL of an Electric service on the same PostgreSQL (GET <url>/v1/shape)' },
  electricSecret: { env: 'ELECTRIC_SECRET', flag: 'electric-secret', help: 'proxy mode: Electric\'s API secret, added to every forwarded request' },
  shapeEngineSecret: { env: 'SHAPE_ENGINE_SECRET', flag: 'shape-engine-secret', help: 'built-in engine: secret of its internal listener', defaultText: 'generated per start' },
  shapeEnginePort: { env: 'SHAPE_ENGINE_PORT', flag: 'shape-engine-port', help: 'built-in engine: port of its internal listener on 127.0.0.1 (unset = not exposed)' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', help: 'fatal, error, warn, info, debug, trace or silent', defaultText: 'info' },
} as const satisfies Record<string, SettingDoc>;

export type SettingName = keyof typeof SETTINGS;

export const settingsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(3100),
    dataDir: z.string().min(1).default(path.join(REPO_ROOT, '.data', 'server')).transform((d) => path.resolve(d)),
    databaseUrl: postgresUrl.optional(),
    authenticatorUrl: postgresUrl.optional(),
    authenticatorPassword: optionalText,
    embeddedPostgresPort: port.default(0),
    dbPoolSize: positive.max(200).default(10),
    firstOwnerEmail: z.email({ error: 'must be an email address' }).optional(),
    firstOwnerPassword: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
    firstOwnerName: z.string().trim().min(1).max(200).optional(),
    firstWorkspaceName: z.string().trim().min(1).max(200).default('Pantry'),
    tokenTtlMs: duration.default(30 * 86_400_000).pipe(z.number().min(1000, 'must be at least 1s')),
    inviteTtlMs: duration.default(7 * 86_400_000).pipe(z.number().min(60_000, 'must be at least 1m')),
    loginFreeAttempts: z.coerce.number().int().min(0).default(5),
    loginFreeAttemptsPerAddress: z.coerce.number().int().min(0).default(30),
    loginBaseDelayMs: duration.default(1000).pipe(z.number().min(1)),
    loginMaxDelayMs: duration.default(15 * 60_000).pipe(z.number().min(1)),
    loginForgetAfterMs: duration.default(3_600_000).pipe(z.number().min(1000)),
    trustProxy: z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).default(false)
      .transform((v) => v === true || v === 'true' || v === '1'),
    maxBodyBytes: positive.default(4 * 1024 * 1024),
    corsOrigins: z.string().default('*').transform((v) => (v.trim() === '*' ? ('*' as const) : v.split(',').map((o) => o.trim()).filter(Boolean))),
    accessRecheckMs: duration.default(15_000).pipe(z.number().min(100)),
    electricUrl: httpUrl.optional(),
    electricSecret: optionalText,
    shapeEngineSecret: optionalText,
    shapeEnginePort: port.optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((s, ctx) => {
    if (Boolean(s.firstOwnerEmail) !== Boolean(s.firstOwnerPassword)) {
      ctx.addIssue({ code: 'custom', path: ['firstOwnerPassword'], message: 'FIRST_OWNER_EMAIL and FIRST_OWNER_PASSWORD go together' });
    }
    if (s.databaseUrl && !s.authenticatorUrl && !s.authenticatorPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['authenticatorPassword'],
        message:
          'with DATABASE_URL, give the request role too: AUTHENTICATOR_URL, or AUTHENTICATOR_PASSWORD after ' +
          `"ALTER ROLE crm_authenticator LOGIN PASSWORD '...'" (run once by the database admin)`,
      });
    }
    if (s.electricSecret && !s.electricUrl) {
      ctx.addIssue({ code: 'custom', path: ['electricSecret'], message: 'ELECTRIC_SECRET needs ELECTRIC_URL' });
    }
    if (s.loginMaxDelayMs < s.loginBaseDelayMs) {
      ctx.addIssue({ code: 'custom', path: ['loginMaxDelayMs'], message: 'LOGIN_MAX_DELAY must not be below LOGIN_BASE_DELAY' });
    }
  });

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface ParsedCommandLine {
  help: boolean;
  settings: Settings;
}

/** Flags win over environment variables, which win over defaults. Throws SettingsError naming each bad setting. */
export function loadSettings(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const names = Object.keys(SETTINGS) as SettingName[];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(names.map((n) => [SETTINGS[n].flag, { type: 'string' as const }])),
      },
    }));
  } catch (err) {
    throw new SettingsError(`${(err as Error).message}\nRun with --help to list the settings.`);
  }
  if (values.help) return { help: true, settings: undefined as unknown as Settings };
  const raw: Record<string, string> = {};
  for (const n of names) {
    const v = values[SETTINGS[n].flag] ?? env[SETTINGS[n].env];
    if (typeof v === 'string' && v !== '') raw[n] = v;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path[0] as SettingName | undefined;
      const doc = key && SETTINGS[key];
      return `  ${doc ? `${doc.env} (--${doc.flag})` : 'settings'}: ${i.message}`;
    });
    throw new SettingsError(`invalid settings:\n${lines.join('\n')}`);
  }
  return { help: false, settings: parsed.data };
}

export function helpText(): string {
  const rows = (Object.keys(SETTINGS) as SettingName[]).map((n) => {
    const d: SettingDoc = SETTINGS[n];
    return `  --${d.flag} <value>  (${d.env})\n      ${d.help}${d.defaultText ? `\n      default: ${d.defaultText}` : ''}`;
  });
  return [
    'Usage: npm run server [-- --flag value ...]',
    '',
    'Pantry CRM sync server: sign-in, shapes (GET /v1/shape), mutations (POST /v1/mutations), admin API.',
    'Each setting is a flag or an environment variable; a flag wins over the variable.',
    '',
    'Settings:',
    ...rows,
    '',
  ].join('\n');
}
