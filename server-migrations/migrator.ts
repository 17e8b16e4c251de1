/**
 * Applies the SQL migrations in `server-migrations/migrations/` with node-pg-migrate
 * (tracking table, advisory lock, one transaction per migration, up and down) and
 * adds what it lacks: a checksum of every applied file, recorded in the same
 * transaction as the migration, so an edited migration is refused instead of
 * silently diverging between databases.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner, type MigrationBuilder } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Tracking tables live outside `public`, where every table must have forced RLS. */
export const TRACKING_SCHEMA = 'crm_migrations';
const TRACKING_TABLE = 'pgmigrations';
const CHECKSUM_TABLE = 'checksums';
/** Our own session lock around verify + run, so two runners never interleave. */
const LOCK_KEY = 0x7061_6e74; // "pant"

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly code: 'checksum_mismatch' | 'missing_file' | 'invalid_file' | 'failed',
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  file: string;
  sha256: string;
  up: string;
  down: string;
}

const UP_MARK = /^--\s*Up Migration\s*$/im;
const DOWN_MARK = /^--\s*Down Migration\s*$/im;

export async function readMigrationFiles(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const fileName of names) {
    if (!/^\d{4}_[a-z0-9-]+\.sql$/.test(fileName)) {
      throw new MigrationError(`migration file name ${fileName} must look like 0001_what-it-does.sql`, 'invalid_file');
    }
    const text = await readFile(path.join(dir, fileName), 'utf8');
    const upAt = text.search(UP_MARK);
    const downAt = text.search(DOWN_MARK);
    if (upAt < 0 || downAt < upAt) {
      throw new MigrationError(`${fileName} needs an '-- Up Migration' section followed by a '-- Down Migration' section`, 'invalid_file');
    }
    files.push({
      name: fileName.replace(/\.sql$/, ''),
      file: path.join(dir, fileName),
      sha256: createHash('sha256').update(text).digest('hex'),
      up: text.slice(upAt, downAt),
      down: text.slice(downAt),
    });
  }
  return files;
}

export interface AppliedMigration {
  name: string;
  runOn: Date;
  sha256: string | null;
}

async function readApplied(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const exists = await client.query<{ ok: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS ok`,
    [`${TRACKING_SCHEMA}.${TRACKING_TABLE}`],
  );
  if (!exists.rows[0]?.ok) return [];
  const res = await client.query<{ name: string; run_on: Date; sha256: string | null }>(
    `SELECT m.name, m.run_on, c.sha256
       FROM ${TRACKING_SCHEMA}.${TRACKING_TABLE} m
       LEFT JOIN ${TRACKING_SCHEMA}.${CHECKSUM_TABLE} c ON c.name = m.name
      ORDER BY m.run_on, m.id`,
  );
  return res.rows.map((r) => ({ name: r.name, runOn: r.run_on, sha256: r.sha256 }));
}

/** Refuses to go on when an applied migration's file changed or disappeared. */
function verify(applied: AppliedMigration[], files: MigrationFile[]): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const a of applied) {
    const f = byName.get(a.name);
    if (!f) {
      throw new MigrationError(
        `migration ${a.name} is applied in this database but its file is missing from ${MIGRATIONS_DIR}. ` +
          'Restore the file; applied migrations are never deleted.',
        'missing_file',
      );
    }
    if (a.sha256 && a.sha256 !== f.sha256) {
      throw new MigrationError(
        `migration ${a.name} was changed after it was applied (applied sha256 ${a.sha256.slice(0, 12)}, ` +
          `file sha256 ${f.sha256.slice(0, 12)}). Applied migrations must never be edited: ` +
          'restore the original file and put the change in a new migration.',
        'checksum_mismatch',
      );
    }
  }
}

function escapeLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

async function withLockedClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${TRACKING_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TRACKING_SCHEMA}.${CHECKSUM_TABLE} (
         name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    return await fn(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export interface MigrateOptions {
  databaseUrl: string;
  direction: 'up' | 'down';
  /** How many to apply or revert; all pending (up) or one (down) when omitted. */
  count?: number;
  log?: (line: string) => void;
  dir?: string;
}

export interface MigrateResult {
  ran: string[];
}

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrationFiles(opts.dir);
  const log = opts.log ?? (() => {});
  return withLockedClient(opts.databaseUrl, async (client) => {
    verify(await readApplied(client), files);
    const byName = new Map(files.map((f) => [f.name, f]));
    const ran = await runner({
      dbClient: client,
      dir: opts.dir ?? MIGRATIONS_DIR,
      migrationsTable: TRACKING_TABLE,
      migrationsSchema: TRACKING_SCHEMA,
      direction: opts.direction,
      count: opts.count ?? (opts.direction === 'up' ? Infinity : 1),
      checkOrder: true,
      singleTransaction: false,
      log: (msg: string) => log(msg),
      logger: { debug: () => {}, info: (m: string) => log(m), warn: (m: string) => log(m), error: (m: string) => log(m) },
      migrationLoaderStrategies: [
        {
          extensions: ['.sql'],
          // Our loader: the file's sections plus its checksum, written in the migration's own transaction.
          loader: async (filePaths: string[]) =>
            filePaths.map((filePath) => {
              const name = path.basename(filePath, '.sql');
              const f = byName.get(name);
              if (!f) throw new MigrationError(`unexpected migration file ${filePath}`, 'invalid_file');
              return {
                id: filePath,
                filePaths: [filePath],
                actions: {
                  up: (pgm: MigrationBuilder) => {
                    pgm.sql(f.up);
                    pgm.sql(
                      `INSERT INTO ${TRACKING_SCHEMA}.${CHECKSUM_TABLE} (name, sha256) VALUES (${escapeLiteral(f.name)}, ${escapeLiteral(f.sha256)})
                       ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = now()`,
                    );
                  },
                  down: (pgm: MigrationBuilder) => {
                    pgm.sql(f.down);
                    pgm.sql(`DELETE FROM ${TRACKING_SCHEMA}.${CHECKSUM_TABLE} WHERE name = ${escapeLiteral(f.name)}`);
                  },
                },
              };
            }),
        },
      ],
    } as Parameters<typeof runner>[0]);
    return { ran: ran.map((m) => m.name) };
  });
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: string[];
  changed: string[];
}

export async function migrationStatus(databaseUrl: string, dir?: string): Promise<MigrationStatus> {
  const files = await readMigrationFiles(dir);
  return withLockedClient(databaseUrl, async (client) => {
    const applied = await readApplied(client);
    const appliedNames = new Set(applied.map((a) => a.name));
    const byName = new Map(files.map((f) => [f.name, f]));
    return {
      applied,
      pending: files.filter((f) => !appliedNames.has(f.name)).map((f) => f.name),
      changed: applied.filter((a) => a.sha256 && byName.get(a.name)?.sha256 !== a.sha256).map((a) => a.name),
    };
  });
}
