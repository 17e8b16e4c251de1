/**
 * `npx tsx bench/replica-footprint.ts [--interactions N] [--keep FILE]`: what a desktop keeps
 * after its first download, alone (no other phase): a real sync server on
 * embedded PostgreSQL, seeded like `npm run bench`, one headless full client
 * signed in as the workspace's manager; prints rows per table, total rows and
 * the replica file's size (WAL checkpointed) as JSON. Minutes rather than the
 * full bench's half hour, for a before/after figure of a change to what is
 * replicated (issue 13: audit_log left the replica). `--keep` copies the
 * replica file out before the temp dir goes, to look inside it (dbstat).
 */
import { chmod, copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanupAll, cleanupOnSignals, onCleanup } from './cleanup.ts';
import { MiB, type BenchContext } from './context.ts';
import { parseBenchArgs } from './options.ts';
import { startFullClient } from './phases/full-client.ts';
import { seedDatabase } from './seed-process.ts';
import { startServer } from './server-process.ts';

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    interactions: { type: 'string', default: '100000' },
    keep: { type: 'string' },
  } });
  const options = parseBenchArgs(['--interactions', values.interactions ?? '100000', '--runs', '1']);
  if (options === 'help') return;
  cleanupOnSignals(log);
  const tmp = await mkdtemp(path.join(tmpdir(), 'pantry-footprint-'));
  onCleanup('temp dir', () => rm(tmp, { recursive: true, force: true }));
  // Run as root, PostgreSQL runs as the `postgres` user, who must be able to reach its data dir.
  await chmod(tmp, 0o755);
  try {
    const server = await startServer(path.join(tmp, 'server'), log);
    log(`seeding ${options.interactions} interactions`);
    const seed = await seedDatabase(server.adminUrl, options.interactions, () => {});
    const workspaceId = seed.workspaces[0]!.id;
    const emails: Record<string, string> = {};
    for (const u of seed.users) if (u.workspace_id === workspaceId) emails[u.role] ??= u.email;
    const b: BenchContext = {
      options, server, tmp, workspaceId, emails, password: seed.users[0]!.password, figures: {}, details: {}, log,
    };
    log('first download of one desktop (manager)');
    const client = await startFullClient(b, 'footprint', emails.manager!);
    // Before the client exits: closing removes its data dir.
    if (values.keep) await keepReplica(tmp, values.keep);
    await client.child.stop();
    await server.stop();
    const s = client.sync;
    process.stdout.write(`${JSON.stringify({
      interactions: options.interactions,
      replica_rows: s.rows,
      replica_file_mib: Math.round((s.file_bytes / MiB) * 10) / 10,
      replica_file_bytes: s.file_bytes,
      initial_sync_s: Math.round(s.seconds * 10) / 10,
      rows_by_table: s.rows_by_table,
    }, null, 2)}\n`);
  } finally {
    await cleanupAll(log);
  }
}

/**
 * The replica file under the client's data dir, checkpointed after the sync (full-client.ts),
 * with its WAL if the idle client wrote since: a copy that opens as the client's state.
 */
async function keepReplica(tmp: string, to: string): Promise<void> {
  const dirs = (await readdir(tmp)).filter((d) => d.startsWith('footprint-'));
  const files: string[] = [];
  for (const d of dirs) {
    const accounts = path.join(tmp, d, 'accounts');
    for (const f of await readdir(accounts)) if (f.endsWith('.sqlite')) files.push(path.join(accounts, f));
  }
  if (files.length === 0) throw new Error('no replica file found');
  // The signed-in account's file is the big one (a sign-in may leave an empty one beside it).
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(f)).size })));
  const file = sizes.sort((a, b) => b.size - a.size)[0]!.f;
  await copyFile(file, to);
  await copyFile(`${file}-wal`, `${to}-wal`).catch(() => undefined);
  log(`replica kept at ${to}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`footprint failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
