/**
 * The headless runner's command line, checked with zod:
 *
 *   npm run client -- [--data-dir DIR] [--server URL] [--timeout S] <command> [args]
 *
 * Flags may come before or after the command; the first bare word is the command.
 */
import { parseArgs as parseUtilArgs } from 'node:util';
import { z } from 'zod';

export const HELP = `Usage: npm run client -- [--data-dir DIR] [--server URL] [--timeout S] <command>

Drives the desktop core without a window: the same accounts, replicas, sync
client and channels as the app. Answers are JSON on stdout; errors are JSON on
stderr.

Commands
  sign-in              sign in to --server with PANTRY_EMAIL and PANTRY_PASSWORD
                       (env); prints the account
  sync                 sync until up to date with nothing left to send; prints
                       the status (a local workspace prints its status at once)
  status               prints the sync status without waiting
  call <channel> [JSON]
                       runs one channel with a JSON input (an argument, or - to
                       read stdin; {} when left out) and prints its answer
  channels             lists the channel names
  sign-out             back to the local workspace (refused while changes are
                       unsynced)

Flags
  --data-dir DIR       the app's data directory (default .data/desktop, as npm run web)
  --server URL         the sync server (sign-in; with other commands it must be
                       the server the current account is signed in to)
  --timeout S          how long sync may wait, in seconds (default 120)

Exit codes: 0 done, 1 the command failed (refused, offline, timed out), 2 bad
usage or invalid input.
`;

const command = z.discriminatedUnion('name', [
  z.object({ name: z.literal('sign-in') }),
  z.object({ name: z.literal('sync') }),
  z.object({ name: z.literal('status') }),
  z.object({ name: z.literal('channels') }),
  z.object({ name: z.literal('sign-out') }),
  z.object({
    name: z.literal('call'),
    channel: z.string().min(1, 'name the channel to call'),
    input: z.string().optional(),
  }),
]);

export const cliArgs = z.object({
  dataDir: z.string().min(1),
  server: z.url({ protocol: /^https?$/ }).optional(),
  timeoutS: z.coerce.number().positive().max(3600).default(120),
  command,
});
export type CliArgs = z.infer<typeof cliArgs>;

export class UsageError extends Error {}

const COMMANDS = ['sign-in', 'sync', 'status', 'channels', 'sign-out', 'call'];

export function parseArgs(argv: readonly string[], defaultDataDir: string): CliArgs {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (err) {
    // node:util names the offending flag; keep its words, drop its error code.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (!name) throw new UsageError('name a command');
  if (!COMMANDS.includes(name)) throw new UsageError(`unknown command ${name}`);
  const expected = name === 'call' ? 2 : 0;
  if (rest.length > expected) throw new UsageError(`unexpected argument ${rest[expected]}`);
  const result = cliArgs.safeParse({
    dataDir: values['data-dir'] ?? defaultDataDir,
    ...(values.server !== undefined ? { server: values.server } : {}),
    ...(values.timeout !== undefined ? { timeoutS: values.timeout } : {}),
    command:
      name === 'call'
        ? { name, channel: rest[0] ?? '', ...(rest[1] !== undefined ? { input: rest[1] } : {}) }
        : { name },
  });
  if (!result.success) {
    throw new UsageError(
      result.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

function parseFlags(argv: readonly string[]) {
  return parseUtilArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
}
