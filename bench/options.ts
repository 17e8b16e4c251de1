/**
 * `npm run bench` flags, validated with zod. --quick lowers every size for a
 * smoke run; a flag given explicitly wins over --quick's value.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');

export class UsageError extends Error {
  override name = 'UsageError';
}

const whole = (flag: string, min: number, max: number) =>
  z.string().regex(/^\d+$/, `--${flag} must be a whole number`).transform(Number)
    .pipe(z.number().min(min, `--${flag} must be at least ${min}`).max(max, `--${flag} must be at most ${max}`));

const levels = z.string().regex(/^\d+(,\d+)*$/, '--scale-levels must be counts separated by commas, e.g. 20,50,100')
  .transform((s) => [...new Set(s.split(',').map(Number))].filter((n) => n > 0).sort((a, b) => a - b));

/** Phases after the initial sync that `--skip` can leave out (the initial sync itself always runs: the others need its clients). */
export const SKIPPABLE_PHASES = ['wire', 'link', 'reads', 'write', 'propagation', 'scale', 'bulk-push'] as const;
export type SkippablePhase = (typeof SKIPPABLE_PHASES)[number];

const phaseList = z.string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter((p) => p !== ''))
  .pipe(z.array(z.enum(SKIPPABLE_PHASES, { message: `--skip takes phases separated by commas, from: ${SKIPPABLE_PHASES.join(', ')}` })))
  .transform((list) => [...new Set(list)]);

const flagsSchema = z.strictObject({
  interactions: whole('interactions', 100, 2_000_000).optional(),
  runs: whole('runs', 1, 50).optional(),
  clients: whole('clients', 1, 1000).optional(),
  changes: whole('changes', 10, 100_000).optional(),
  pushes: whole('pushes', 10, 100_000).optional(),
  'scale-levels': levels.optional(),
  'scale-changes': whole('scale-changes', 10, 10_000).optional(),
  'scale-budget': whole('scale-budget', 10, 7200).optional(),
  skip: phaseList.optional(),
  quick: z.boolean().default(false),
  out: z.string().min(1).optional(),
  'cpu-prof': z.string().min(1, '--cpu-prof needs a folder').optional(),
  help: z.boolean().default(false),
});

export interface BenchOptions {
  interactions: number;
  runs: number;
  /** Live clients connected during the loaded change-propagation figure (and server RSS). */
  clients: number;
  /** Changes per run of each change-propagation figure. */
  changes: number;
  /** Mutations per run of the push-throughput figure. */
  pushes: number;
  /** Live-client counts tried in the server-scale ramp, ascending. */
  scaleLevels: number[];
  scaleChanges: number;
  /** Seconds after which the scale ramp stops trying larger counts. */
  scaleBudgetS: number;
  quick: boolean;
  /** Phases left out of this run (their figures are absent from the table and the JSON). */
  skip: SkippablePhase[];
  /** The JSON file to write. */
  out: string;
  /**
   * Folder for V8 CPU profiles (node --cpu-prof) of the server (server/), the full
   * clients (client/: the writer, the reader, fresh ones), the live-client
   * processes (live/) and the poll-only clients (poll/), written when each exits;
   * undefined: no profiling.
   */
  cpuProfDir: string | undefined;
}

/** node flags that make a process write its CPU profile into `dir` when it exits. */
export function cpuProfArgs(options: Pick<BenchOptions, 'cpuProfDir'>, role: 'server' | 'live' | 'client' | 'poll'): string[] {
  return options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.join(options.cpuProfDir, role)] : [];
}

const FULL = { interactions: 100_000, runs: 3, clients: 20, changes: 500, pushes: 1000, scaleLevels: [20, 50, 100, 200, 400], scaleChanges: 60, scaleBudgetS: 1800 };
const QUICK = { interactions: 5000, runs: 1, clients: 5, changes: 100, pushes: 300, scaleLevels: [5, 10], scaleChanges: 30, scaleBudgetS: 60 };

export const HELP = `Usage: npm run bench -- [flags]

Starts a real sync server (its own process, embedded PostgreSQL in a temp dir), seeds it,
runs real headless clients (child processes) and prints a table; writes JSON with machine
info to bench/results/bench-<time>.json. Runs sequentially; takes 15-30 minutes by default.

Flags:
  --interactions N    interactions seeded (default ${FULL.interactions}; other tables follow, see the seed)
  --runs N            runs per figure; each figure is their median, with min and max (default ${FULL.runs})
  --clients N         live clients connected for the loaded change-propagation figure (default ${FULL.clients})
  --changes N         changes per change-propagation run (default ${FULL.changes})
  --pushes N          mutations per push-throughput run (default ${FULL.pushes})
  --scale-levels L    live-client counts for the server-scale ramp (default ${FULL.scaleLevels.join(',')})
  --scale-changes N   changes measured at each scale level (default ${FULL.scaleChanges})
  --scale-budget S    seconds after which the ramp stops trying larger counts (default ${FULL.scaleBudgetS})
  --skip LIST         phases to leave out, separated by commas: ${SKIPPABLE_PHASES.join(', ')}
                      (the initial sync always runs; skipping propagation also skips scale)
  --quick             a smoke run: ${QUICK.interactions} interactions, ${QUICK.runs} run, ${QUICK.changes} changes, ${QUICK.clients} clients,
                      scale levels ${QUICK.scaleLevels.join(',')} (flags given explicitly still win)
  --out FILE          where to write the JSON (default bench/results/bench-<time>.json)
  --cpu-prof DIR      write V8 CPU profiles (.cpuprofile) of the server (DIR/server), the full clients
                      (DIR/client), the live-client processes (DIR/live) and the poll-only
                      clients (DIR/poll) when they exit
  -h, --help          this text`;

export function parseBenchArgs(argv: readonly string[], now = new Date()): BenchOptions | 'help' {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        interactions: { type: 'string' }, runs: { type: 'string' }, clients: { type: 'string' },
        changes: { type: 'string' }, pushes: { type: 'string' }, 'scale-levels': { type: 'string' },
        'scale-changes': { type: 'string' }, 'scale-budget': { type: 'string' }, skip: { type: 'string' },
        quick: { type: 'boolean' }, out: { type: 'string' }, 'cpu-prof': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid flags');
  const f = parsed.data;
  if (f.help) return 'help';
  const base = f.quick ? QUICK : FULL;
  return {
    interactions: f.interactions ?? base.interactions,
    runs: f.runs ?? base.runs,
    clients: f.clients ?? base.clients,
    changes: f.changes ?? base.changes,
    pushes: f.pushes ?? base.pushes,
    scaleLevels: f['scale-levels'] ?? base.scaleLevels,
    scaleChanges: f['scale-changes'] ?? base.scaleChanges,
    scaleBudgetS: f['scale-budget'] ?? base.scaleBudgetS,
    quick: f.quick,
    skip: f.skip ?? [],
    out: path.resolve(f.out ?? path.join(BENCH_DIR, 'results', `bench-${now.toISOString().replace(/[:.]/g, '-')}.json`)),
    cpuProfDir: f['cpu-prof'] === undefined ? undefined : path.resolve(f['cpu-prof']),
  };
}
