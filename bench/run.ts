/**
 * `npm run bench [-- --help]`: end-to-end sync benchmarks on a real server,
 * PostgreSQL and headless clients; prints a table, writes JSON with machine
 * info (see bench/README.md). Exit codes: 0 done, 1 failed, 2 bad flags,
 * 130 interrupted (everything started is stopped and removed first).
 */
import { runBench } from './bench.ts';
import { cleanupOnSignals } from './cleanup.ts';
import { HELP, parseBenchArgs, UsageError } from './options.ts';
import { resultTable } from './report.ts';

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\nRun \`npm run bench -- --help\` for the flags.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  cleanupOnSignals(log);
  const result = await runBench(options, log);
  process.stdout.write(`\n${resultTable(result)}\n\nwrote ${options.out}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
