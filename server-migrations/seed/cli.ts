/**
 * `npm run seed -- [flags]`: demo data for a migrated database (see --help).
 * stdout carries the result only (one JSON object with --json, a summary
 * otherwise); progress and errors go to stderr, so `--json | jq` just works.
 * Exit codes: 0 done, 1 the database refused or failed, 2 bad flags or DATABASE_URL.
 */
import { HELP, parseDatabaseUrl, parseSeedArgs, UsageError } from './options.ts';
import type { SeedResult } from './seed.ts';

function summary(result: SeedResult): string {
  const lines = [
    `Seeded ${result.workspaces.length} workspace(s) (seed ${result.seed}, anchor ${result.anchor_date}):`,
  ];
  for (const ws of result.workspaces) lines.push(`  ${ws.name}  ${ws.id}`);
  lines.push('', 'Demo users (password for all: ' + (result.users[0]?.password ?? '') + '):');
  for (const u of result.users)
    lines.push(`  ${u.role.padEnd(8)} ${u.email.padEnd(28)} ${u.display_name}`);
  lines.push('', 'Rows:');
  for (const [k, v] of Object.entries(result.counts)) lines.push(`  ${k.padEnd(24)} ${v}`);
  lines.push('', `Took ${(result.elapsed_ms / 1000).toFixed(1)}s.`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let options;
  let databaseUrl: string;
  try {
    options = parseSeedArgs(argv);
    if (options.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    databaseUrl = parseDatabaseUrl(process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`seed: ${err.message}\nRun \`npm run seed -- --help\` for the flags.\n`);
      return 2;
    }
    throw err;
  }

  // Loaded only now, so --help and a typo in a flag answer without loading pg and the migrator.
  const { runSeed } = await import('./seed.ts');
  const { SeedError } = await import('./preflight.ts');
  try {
    const result = await runSeed(databaseUrl, options, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${summary(result)}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof SeedError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`seed failed: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
