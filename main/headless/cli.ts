/**
 * `npm run client`: the desktop core without a window, for scripts, benchmarks
 * and multi-client tests (usage in args.ts). It opens the same data directory
 * the app would, runs one command, and closes it again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRuntime } from '../core/runtime/runtime.ts';
import { HELP, parseArgs, UsageError, type CliArgs } from './args.ts';
import { runCommand } from './run-command.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function print(stream: NodeJS.WriteStream, body: unknown): void {
  stream.write(`${JSON.stringify(body, null, 2)}\n`);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.length === 0) {
    process.stdout.write(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  let args: CliArgs;
  try {
    args = parseArgs(argv, path.join(repoRoot, '.data/desktop'));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    print(process.stderr, { error: { code: 'usage', message: err.message } });
    process.stderr.write(`\n${HELP}`);
    return 2;
  }
  // `call <channel> -` reads its JSON input from stdin.
  if (args.command.name === 'call' && args.command.input === '-') args.command.input = readFileSync(0, 'utf8');
  const runtime = await openRuntime({ dataDir: path.resolve(args.dataDir) });
  try {
    const outcome = await runCommand(args, runtime, process.env);
    print(outcome.exitCode === 0 ? process.stdout : process.stderr, outcome.body);
    return outcome.exitCode;
  } finally {
    runtime.close();
  }
}

// Exit explicitly: a stopped sync client may leave sockets the event loop would wait on.
process.exitCode = await main();
process.exit();
