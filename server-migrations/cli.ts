/**
 * `npm run migrate [-- up [N] | down [N|all] | status]` against DATABASE_URL.
 * Exit codes: 0 done, 1 the database refused (e.g. an edited migration), 2 bad input.
 */
import { z } from 'zod';
import { migrate, migrationStatus, MigrationError } from './migrator.ts';

const HELP = `Usage: npm run migrate [-- <command>]

Commands:
  up [N]        apply pending migrations (all, or the next N)   (default)
  down [N|all]  revert the last N applied migrations (default 1), or all of them
  status        list applied and pending migrations and any edited after being applied

Environment:
  DATABASE_URL  postgres://user:password@host:port/database (required)
`;

const envSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set: point it at the PostgreSQL database to migrate' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://'),
});

const count = z.coerce.number().int().positive();
const argsSchema = z.union([
  z.tuple([]).transform(() => ({ command: 'up' as const, count: undefined })),
  z.tuple([z.literal('up')]).rest(count).transform(([, n]) => ({ command: 'up' as const, count: n })),
  z.tuple([z.literal('down')]).transform(() => ({ command: 'down' as const, count: 1 })),
  z.tuple([z.literal('down'), z.union([count, z.literal('all').transform(() => Infinity)])])
    .transform(([, n]) => ({ command: 'down' as const, count: n })),
  z.tuple([z.literal('status')]).transform(() => ({ command: 'status' as const, count: undefined })),
]);

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const args = argsSchema.safeParse(argv);
  if (!args.success) {
    process.stderr.write(`migrate: unrecognised arguments: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`migrate: ${env.error.issues.map((i) => i.message).join('; ')}\n`);
    return 2;
  }
  const databaseUrl = env.data.DATABASE_URL;
  const { command } = args.data;
  if (command === 'status') {
    const s = await migrationStatus(databaseUrl);
    for (const a of s.applied) {
      const mark = s.changed.includes(a.name) ? '  CHANGED SINCE APPLIED' : '';
      process.stdout.write(`applied  ${a.name}  ${a.runOn.toISOString()}${mark}\n`);
    }
    for (const p of s.pending) process.stdout.write(`pending  ${p}\n`);
    process.stdout.write(`${s.applied.length} applied, ${s.pending.length} pending\n`);
    return s.changed.length > 0 ? 1 : 0;
  }
  const result = await migrate({
    databaseUrl,
    direction: command,
    ...(args.data.count !== undefined ? { count: args.data.count } : {}),
  });
  const verb = command === 'up' ? 'applied' : 'reverted';
  for (const name of result.ran) process.stdout.write(`${verb}  ${name}\n`);
  process.stdout.write(result.ran.length === 0 ? 'nothing to do\n' : `${result.ran.length} ${verb}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof MigrationError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`migrate: ${message}\n`);
    process.exit(1);
  },
);
