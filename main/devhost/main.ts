/**
 * `npm run web`: the desktop app in a browser. Starts the desktop core on a data
 * directory and serves the built renderer and the channel table on loopback.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openRuntime } from '../core/runtime/runtime.ts';
import { CHANNELS, type ChannelContext } from '../ipc/channels.ts';
import { startDevHost } from './devhost.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HELP = `Usage: npm run web [-- --port N --host H --data-dir DIR]

  --port N        port to serve on (default 5178; 0 picks a free one)
  --host H        address to bind (default 127.0.0.1; keep it on loopback)
  --data-dir DIR  where the accounts and replicas live (default .data/desktop)
`;

const flags = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(5178),
  host: z.string().default('127.0.0.1'),
  'data-dir': z.string().default(path.join(repoRoot, '.data/desktop')),
});

function parseFlags(argv: string[]): Record<string, string | undefined> {
  return parseArgs({
    args: argv,
    strict: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
  }).values;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(HELP);
    return;
  }
  let opts: z.infer<typeof flags>;
  try {
    opts = flags.parse(parseFlags(argv));
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ') : err instanceof Error ? err.message : String(err);
    process.stderr.write(`web: ${message}\n\n${HELP}`);
    process.exit(2);
  }
  const runtime = await openRuntime({ dataDir: path.resolve(opts['data-dir']) });
  const host = await startDevHost<ChannelContext>({
    channels: CHANNELS,
    ctx: { runtime },
    subscribe: (listener) => runtime.subscribe((e) => listener(e.type === 'changed' ? e : { type: 'sync', status: { ...e.status } })),
    staticDir: path.join(repoRoot, 'dist/renderer'),
    host: opts.host,
    port: opts.port,
  });
  process.stdout.write(`Pantry CRM is at ${host.url}  (data: ${opts['data-dir']})\n`);
  const stop = async () => {
    await host.close();
    runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
