/**
 * How long the seed takes, step by step, on a throwaway embedded PostgreSQL:
 *
 *   npx tsx server-migrations/seed/bench-seed.ts --interactions 100000
 *   npx tsx server-migrations/seed/bench-seed.ts --interactions 100000 --profile
 *
 * Takes the seed's own flags (see `npm run seed -- --help`; the anchor date
 * defaults to a fixed day so runs compare), plus:
 *   --profile              print the trigger and helper functions the seed ran,
 *                          by total time (track_functions = all)
 *   --migrations-dir DIR   migrate from DIR instead of server-migrations/migrations,
 *                          e.g. a copy of an older schema to compare against
 * Starts its own cluster in a temp dir, migrates, seeds, prints, then stops the
 * cluster and removes the dir, whatever happened.
 * Each step line also shows the CPU seconds the seed's PostgreSQL backend and
 * this process spent on it: on a shared machine wall time swings with other
 * load, CPU time much less, so compare those when judging a change.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../migrator.ts';
import { startEmbeddedPostgres } from '../postgres/embedded-postgres.ts';
import { parseSeedArgs } from './options.ts';
import { runSeed } from './seed.ts';

const DATABASE = 'pantry_bench';
/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat times. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone or off Linux. */
function processCpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Follows the seed's backend (application_name pantry-seed) so each progress
 * line can say how much CPU PostgreSQL spent since the previous one.
 */
class CpuMeter {
  private backendPid = 0;
  private lastBackend = 0;
  private lastSelf = process.cpuUsage();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly admin: pg.Client) {}

  start(): void {
    this.timer = setInterval(() => {
      void this.admin
        .query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'pantry-seed'`,
        )
        .then(({ rows }) => {
          if (rows[0] && !this.backendPid) {
            this.backendPid = rows[0].pid;
            clearInterval(this.timer);
          }
        });
    }, 50);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU since the last call: the backend's (when found yet) and this process's. */
  lap(): string {
    const backend = processCpuSeconds(this.backendPid);
    const self = process.cpuUsage(this.lastSelf);
    this.lastSelf = process.cpuUsage();
    const line = `[cpu: postgres ${(backend - this.lastBackend).toFixed(2)}s, node ${((self.user + self.system) / 1e6).toFixed(2)}s]`;
    this.lastBackend = backend;
    return line;
  }
}

interface BenchArgs {
  profile: boolean;
  migrationsDir: string | undefined;
  seedArgs: string[];
}

function splitArgs(argv: string[]): BenchArgs {
  const seedArgs: string[] = [];
  let migrationsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--migrations-dir') migrationsDir = path.resolve(argv[++i] ?? '.');
    else if (argv[i] !== '--profile') seedArgs.push(argv[i]!);
  }
  // A fixed "today" unless one is given: the same rows every run, so timings compare.
  if (!seedArgs.includes('--anchor-date')) seedArgs.push('--anchor-date', '2025-06-15');
  return { profile: argv.includes('--profile'), migrationsDir, seedArgs };
}

async function printFunctionProfile(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      fn: string;
      calls: string;
      total_ms: number;
      self_ms: number;
    }>(
      `SELECT schemaname || '.' || funcname AS fn, calls, round(total_time)::int AS total_ms, round(self_time)::int AS self_ms
       FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 15`,
    );
    console.log('\nfunctions by total time (total includes nested calls and the SQL they run):');
    for (const r of rows)
      console.log(
        `  ${r.fn.padEnd(52)} calls ${String(r.calls).padStart(7)}  total ${String(r.total_ms).padStart(6)} ms  self ${String(r.self_ms).padStart(6)} ms`,
      );
  } finally {
    await client.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const { profile, migrationsDir, seedArgs } = splitArgs(argv);
  const options = parseSeedArgs(seedArgs);
  const root = await mkdtemp(path.join(tmpdir(), 'pantry-bench-seed-'));
  try {
    const cluster = await startEmbeddedPostgres({
      dataDir: path.join(root, 'data'),
      persistent: false,
    });
    try {
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${DATABASE}`);
      // Set on the database so the seed's own connection counts its function calls.
      if (profile) await admin.query(`ALTER DATABASE ${DATABASE} SET track_functions = 'all'`);
      const url = cluster.urlFor(DATABASE);

      const t = performance.now();
      await migrate({ databaseUrl: url, direction: 'up', dir: migrationsDir });
      console.log(`migrate: ${((performance.now() - t) / 1000).toFixed(2)}s`);

      const cpu = new CpuMeter(admin);
      cpu.start();
      const result = await runSeed(url, options, (line) =>
        console.log(`${line.padEnd(70)} ${cpu.lap()}`),
      ).finally(() => cpu.stop());
      await admin.end();
      console.log(
        `seed total: ${(result.elapsed_ms / 1000).toFixed(2)}s ` +
          `(${result.counts.interactions} interactions, ${result.counts.audit_log} audit rows)`,
      );
      if (profile) await printFunctionProfile(url);
    } finally {
      await cluster.stop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
