import { expect, it } from 'vitest';
import { FIGURE_NAMES } from './figures.ts';
import { TARGETS, targetVerdicts, verdict } from './targets.ts';
import type { Figure } from './stats.ts';

const fig = (median: number): Figure => ({ what: '', unit: '', median, min: median, max: median, runs: [median] });

it('judges a figure by its median against its bound, inclusive', () => {
  expect(verdict('reads.dashboard_p50_ms', fig(50))).toEqual({ target: '≤ 50', met: true });
  expect(verdict('reads.dashboard_p50_ms', fig(50.1))).toEqual({ target: '≤ 50', met: false });
  expect(verdict('initial_sync.rows_per_s', fig(29_999))).toEqual({ target: '≥ 30,000', met: false });
  expect(verdict('scale.max_live_clients', fig(500))).toEqual({ target: '≥ 500', met: true });
  expect(verdict('initial_sync.s', fig(1))).toBeNull();
});

it('names only figures the bench reports, and lists verdicts only for measured figures', () => {
  for (const name of Object.keys(TARGETS)) expect(FIGURE_NAMES).toContain(name);
  expect(targetVerdicts({ 'resources.sqlite_file_mb': fig(180), 'initial_sync.s': fig(20) }))
    .toEqual({ 'resources.sqlite_file_mb': { target: '≤ 150', met: false } });
});
