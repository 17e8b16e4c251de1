/**
 * The seed's inputs: command-line flags and DATABASE_URL, validated with zod,
 * and the table sizes derived from them. Every problem becomes a UsageError
 * (exit code 2) with a message that names the flag and what it accepts.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DISTRIBUTORS, PRINCIPALS } from './catalog.ts';
import { isCalendarDate, localToday } from './dates.ts';
import type { Sizes } from './model.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_PASSWORD = 'pantry-demo';

const count = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `--${flag} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `--${flag} must be at least ${min}`)
        .max(max, `--${flag} must be at most ${max}`),
    );

const FlagsSchema = z.object({
  workspaces: count('workspaces', 1, 500).default(1),
  interactions: count('interactions', 0, 2_000_000).default(2000),
  organizations: count('organizations', 3, 500_000).optional(),
  principals: count('principals', 1, PRINCIPALS.length).optional(),
  distributors: count('distributors', 1, DISTRIBUTORS.length).optional(),
  contacts: count('contacts', 0, 1_000_000).optional(),
  products: count('products', 1, 100_000).optional(),
  opportunities: count('opportunities', 0, 500_000).optional(),
  reps: count('reps', 1, 50).default(3),
  seed: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}$/,
      '--seed must be 1-64 letters, digits, dots, dashes or underscores',
    )
    .default('1'),
  'anchor-date': z
    .string()
    .refine(isCalendarDate, '--anchor-date must be a calendar date written YYYY-MM-DD')
    .optional(),
  password: z
    .string()
    .min(8, '--password must be at least 8 characters')
    .max(200, '--password must be at most 200 characters')
    .default(DEFAULT_PASSWORD),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

/** What parseArgs accepts; kept beside the help text so the two cannot drift apart. */
const FLAG_TYPES = {
  workspaces: { type: 'string' },
  interactions: { type: 'string' },
  organizations: { type: 'string' },
  principals: { type: 'string' },
  distributors: { type: 'string' },
  contacts: { type: 'string' },
  products: { type: 'string' },
  opportunities: { type: 'string' },
  reps: { type: 'string' },
  seed: { type: 'string' },
  'anchor-date': { type: 'string' },
  password: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const HELP = `Usage: npm run seed -- [flags]        (DATABASE_URL must point at a migrated database)

Fills a migrated Pantry CRM database with a realistic food-broker demo: principals and
their products, distributors, customers (restaurants, school districts, hospitals, hotels...),
their people, opportunities in all nine stages and a year of interactions with follow-ups.

Flags (sizes are per workspace):
  --workspaces N      broker companies to create (default 1)
  --interactions N    interactions per workspace (default 2000); other sizes follow from it
  --opportunities N   default: interactions / 8, at least 9 (one per stage)
  --organizations N   principals + distributors + customers (default: customers = opportunities / 2.5)
  --principals N      manufacturers represented (default 8 + interactions / 4000, max ${PRINCIPALS.length})
  --distributors N    default 3 + interactions / 25000 (max ${DISTRIBUTORS.length})
  --products N        default 8 per principal
  --contacts N        default 2 per customer + 2 per principal + 3 per distributor
  --reps N            sales reps per workspace (default 3; plus one owner, admin, manager, viewer)
  --seed S            same seed + same anchor date = identical data (default 1)
  --anchor-date D     "today" of the data, YYYY-MM-DD (default: today); history is the year before it
  --password P        password of every demo user (default ${DEFAULT_PASSWORD})
  --json              print one JSON object (workspaces, users, counts) on stdout; progress on stderr
                      (npm prints a banner on stdout: use \`npm run -s seed -- --json\`)
  -h, --help          this text

Demo users: <role>@ws<N>.pantry.demo for owner, admin, manager, rep, viewer (more reps:
rep2@, rep3@, ...), N = 1..--workspaces. The database must not hold an earlier seed's
workspaces or demo users: seed a freshly migrated database (a second run fails cleanly
before writing anything).

Exit codes: 0 done, 1 the database refused (not migrated, already seeded, ...), 2 bad flags or DATABASE_URL.`;

export interface SeedOptions {
  workspaces: number;
  sizes: Sizes;
  seed: string;
  anchorDate: string;
  password: string;
  json: boolean;
  help: boolean;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid flags';
  const flag = issue.path[0];
  return issue.code === 'invalid_type' && typeof flag === 'string'
    ? `--${flag} needs a value`
    : issue.message;
}

export function parseSeedArgs(argv: readonly string[], today = localToday()): SeedOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: FLAG_TYPES,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    // parseArgs names the offending flag; keep its words, drop its error code.
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(firstIssue(parsed.error));
  const f = parsed.data;
  return {
    workspaces: f.workspaces,
    sizes: resolveSizes(f),
    seed: f.seed,
    anchorDate: f['anchor-date'] ?? today,
    password: f.password,
    json: f.json,
    help: f.help,
  };
}

/** Sizes not given are derived from --interactions, in the proportions of a real broker's book. */
export function resolveSizes(f: {
  interactions: number;
  organizations?: number;
  principals?: number;
  distributors?: number;
  contacts?: number;
  products?: number;
  opportunities?: number;
  reps: number;
}): Sizes {
  const n = f.interactions;
  const opportunities = f.opportunities ?? Math.max(9, Math.round(n / 8));
  const principals = f.principals ?? Math.min(PRINCIPALS.length, Math.round(8 + n / 4000));
  const distributors = f.distributors ?? Math.min(DISTRIBUTORS.length, Math.round(3 + n / 25_000));
  const customers =
    f.organizations !== undefined
      ? f.organizations - principals - distributors
      : Math.max(3, Math.round(opportunities / 2.5));
  if (customers < 1) {
    throw new UsageError(
      `--organizations must be at least principals + distributors + 1 (= ${principals + distributors + 1}); ` +
        'raise it or lower --principals / --distributors',
    );
  }
  const products = f.products ?? principals * 8;
  if (products < principals) {
    throw new UsageError(
      `--products must be at least the number of principals (${principals}): each carries one`,
    );
  }
  const contacts = f.contacts ?? 2 * customers + 2 * principals + 3 * distributors;
  return {
    interactions: n,
    opportunities,
    principals,
    distributors,
    customers,
    contacts,
    products,
    reps: f.reps,
  };
}

const DatabaseUrlSchema = z
  .string({ error: 'DATABASE_URL is not set' })
  .min(1, 'DATABASE_URL is empty')
  .refine((value) => {
    try {
      const u = new URL(value);
      return (
        (u.protocol === 'postgres:' || u.protocol === 'postgresql:') &&
        u.hostname !== '' &&
        u.pathname.length > 1
      );
    } catch {
      return false;
    }
  }, 'DATABASE_URL must look like postgres://user:password@host:5432/database');

export function parseDatabaseUrl(env: NodeJS.ProcessEnv): string {
  const parsed = DatabaseUrlSchema.safeParse(env.DATABASE_URL);
  if (!parsed.success) {
    throw new UsageError(
      `${parsed.error.issues[0]?.message ?? 'DATABASE_URL is invalid'}. ` +
        'Example: DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pantry npm run seed',
    );
  }
  return parsed.data;
}
