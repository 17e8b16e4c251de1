/** What every phase of `npm run bench` shares: the server, the seeded workspace, and where results go. */
import { FIGURES, type FigureName } from './figures.ts';
import type { BenchOptions } from './options.ts';
import type { BenchServer } from './server-process.ts';
import { figure, type Figure } from './stats.ts';

export interface BenchContext {
  options: BenchOptions;
  server: BenchServer;
  /** The run's temp root; every replica and data dir lives under it. */
  tmp: string;
  workspaceId: string;
  /** Demo users of the seeded workspace by role (rep, manager, viewer, ...), password `password`. */
  emails: Record<string, string>;
  password: string;
  figures: Partial<Record<FigureName, Figure>>;
  /** Breakdowns and per-level results that do not fit one number. */
  details: Record<string, unknown>;
  log(line: string): void;
}

export function record(b: BenchContext, name: FigureName, runs: readonly number[]): void {
  b.figures[name] = figure(FIGURES[name].what, FIGURES[name].unit, runs);
}

export const MiB = 2 ** 20;
