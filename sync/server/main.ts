/**
 * `npm run server [-- --flag value ...]`: the sync server. Settings and their
 * defaults: `npm run server -- --help` (config/settings.ts). Stops cleanly on
 * SIGINT/SIGTERM (live requests cut, embedded PostgreSQL shut down).
 * Exit codes: 0 stopped, 1 failed to start, 2 bad settings.
 */
import { inspect } from 'node:util';
import { helpText, loadSettings, SettingsError } from './config/settings.ts';
import { StartupError } from './database/open-database.ts';
import { startSyncServer } from './server.ts';
import { listenForStop } from './stop-signals.ts';

async function main(): Promise<number> {
  // Before anything slow: a stop sent during startup waits for it, then stops cleanly.
  const stopRequested = listenForStop();
  let parsed;
  try {
    parsed = loadSettings(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`server: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.help) {
    process.stdout.write(helpText());
    return 0;
  }
  const server = await startSyncServer(parsed.settings);
  // The last startup line: scripts and tests that stop the server wait for it.
  process.stdout.write(`sync server ready (pid ${process.pid}): SIGINT or SIGTERM stops it\n`);
  await stopRequested;
  await server.close().catch((err: Error) => process.stderr.write(`server: error while stopping: ${err.message}\n`));
  return 0;
}

/** Never just "undefined": a stack, a message, or the value itself, with what to do. */
function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.stack ?? (err.message || err.name);
  return `failed to start with no error message (${inspect(err)}): run again with --log-level debug and report the output`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Startup problems an admin can fix get their message alone; anything else its stack.
    const known = err instanceof StartupError || (err instanceof Error && ['MigrationError', 'StalePostmasterError'].includes(err.name));
    process.stderr.write(`server: ${known ? (err as Error).message : describeFailure(err)}\n`);
    process.exit(1);
  },
);
