/**
 * The seed as a function (the CLI and the tests call it): checks the database,
 * then generates and writes the workspaces, each in its own transaction, and
 * reports what it created. A failure stops the run; workspaces already
 * committed stay (the pre-flight check makes that rare: see preflight.ts).
 */
import pg from 'pg';
import { hashPassword } from '../identity/password-hash.ts';
import { Anchor } from './dates.ts';
import { generateWorkspace, workspaceTenancy } from './generate.ts';
import type { MemberRole } from '../../sync/schema/index.ts';
import type { SeedOptions } from './options.ts';
import { checkMigrated, checkNotSeeded, checkPrivileges, SeedError } from './preflight.ts';
import { writeWorkspace, type Counts } from './write.ts';

export interface SeededUser {
  id: string;
  email: string;
  display_name: string;
  role: MemberRole;
  workspace_id: string;
  password: string;
}

export interface SeedResult {
  seed: string;
  anchor_date: string;
  workspaces: { id: string; name: string }[];
  users: SeededUser[];
  /** Totals over all seeded workspaces, read back from the database after writing. */
  counts: Counts;
  elapsed_ms: number;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)}s`;

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'pantry-seed' });
  try {
    await client.connect();
    return client;
  } catch (err) {
    const u = new URL(databaseUrl);
    throw new SeedError(
      `cannot connect to ${u.hostname}:${u.port || 5432}${u.pathname}: ${(err as Error).message}`,
    );
  }
}

export async function runSeed(
  databaseUrl: string,
  options: Pick<SeedOptions, 'workspaces' | 'sizes' | 'seed' | 'anchorDate' | 'password'>,
  log: (line: string) => void = () => {},
): Promise<SeedResult> {
  const started = performance.now();
  const anchor = new Anchor(options.anchorDate);
  const client = await connect(databaseUrl);
  try {
    await checkPrivileges(client);
    await checkMigrated(client);
    const indexes = Array.from({ length: options.workspaces }, (_, i) => i + 1);
    const tenancies = indexes.map((i) => workspaceTenancy(options.seed, i, options.sizes.reps));
    await checkNotSeeded(
      client,
      tenancies.map((t) => t.workspace.id),
      tenancies.flatMap((t) => t.users.map((u) => u.email)),
    );

    // One scrypt hash for all demo users: hashing is deliberately slow (~50-100 ms
    // each) and the password is public anyway. They share a salt, which only
    // reveals what the docs already say: that they share a password.
    const passwordHash = await hashPassword(options.password);

    const result: SeedResult = {
      seed: options.seed,
      anchor_date: anchor.date,
      workspaces: [],
      users: [],
      counts: { workspaces: 0, users: 0, user_credentials: 0 },
      elapsed_ms: 0,
    };
    // One workspace at a time: each is a transaction, and the ANALYZE inside it
    // (see write.ts) holds a lock that a second seeding transaction would queue on.
    for (const index of indexes) {
      const t0 = performance.now();
      const plan = generateWorkspace(options.seed, index, options.sizes, anchor);
      log(
        `ws${index} ${plan.workspace.name}: generated ${plan.interactions.length} interactions in ${seconds(t0)}`,
      );
      const t1 = performance.now();
      const counts = await writeWorkspace(client, plan, passwordHash, log);
      log(`ws${index} written in ${seconds(t1)}`);
      result.workspaces.push({ id: plan.workspace.id, name: plan.workspace.name });
      for (const u of plan.users) result.users.push({ ...u, password: options.password });
      const sum = {
        workspaces: 1,
        users: plan.users.length,
        user_credentials: plan.users.length,
        ...counts,
      };
      for (const [k, v] of Object.entries(sum)) result.counts[k] = (result.counts[k] ?? 0) + v;
    }
    result.elapsed_ms = Math.round(performance.now() - started);
    log(`done in ${seconds(started)}`);
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}
