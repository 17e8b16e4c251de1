/**
 * Issue 13's targets, beside the figures they judge, so one run's table says
 * at a glance which hold. A target is a bound on a figure's median; figures
 * without one are reported without a verdict. The propagation bounds are the
 * 2026-11-23 full-size run's medians ("no worse than today").
 */
import { FIGURE_NAMES, type FigureName } from './figures.ts';
import type { Figure } from './stats.ts';

export interface Target {
  at_least?: number;
  at_most?: number;
}

export const TARGETS: Partial<Record<FigureName, Target>> = {
  'initial_sync.rows_per_s': { at_least: 30_000 },
  'initial_sync.ratio_to_independent_floor': { at_most: 2 },
  'initial_sync.dashboard_usable_s': { at_most: 15 },
  'link.dashboard_usable_s': { at_most: 30 },
  'resources.client_rss_mb': { at_most: 300 },
  'resources.client_peak_rss_mb': { at_most: 300 },
  'resources.sqlite_file_mb': { at_most: 150 },
  'write.push_mutations_per_s': { at_least: 1000 },
  'write.push_mutations_loaded_per_s': { at_least: 1000 },
  'push.bulk_creates_per_s': { at_least: 1000 },
  'push.bulk_updates_per_s': { at_least: 1000 },
  'reads.dashboard_p50_ms': { at_most: 50 },
  'scale.max_live_clients': { at_least: 500 },
  'propagation.idle.p50_ms': { at_most: 10.4 },
  'propagation.idle.p99_ms': { at_most: 22.7 },
  'propagation.loaded.p50_ms': { at_most: 54.1 },
  'propagation.loaded.p99_ms': { at_most: 101 },
};

export type Verdict = { target: string; met: boolean } | null;

/** The target as text ("≥ 30,000") and whether the figure's median meets it; null when the figure has no target. */
export function verdict(name: FigureName, figure: Figure): Verdict {
  const t = TARGETS[name];
  if (!t) return null;
  const parts: string[] = [];
  let met = true;
  if (t.at_least !== undefined) {
    parts.push(`≥ ${t.at_least.toLocaleString('en-US')}`);
    met &&= figure.median >= t.at_least;
  }
  if (t.at_most !== undefined) {
    parts.push(`≤ ${t.at_most.toLocaleString('en-US')}`);
    met &&= figure.median <= t.at_most;
  }
  return { target: parts.join(' and '), met };
}

/** Every measured figure's verdict, for the JSON. */
export function targetVerdicts(figures: Record<string, Figure>): Record<string, { target: string; met: boolean }> {
  const out: Record<string, { target: string; met: boolean }> = {};
  for (const name of FIGURE_NAMES) {
    const f = figures[name];
    const v = f ? verdict(name, f) : null;
    if (v) out[name] = v;
  }
  return out;
}
