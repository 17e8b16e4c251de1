/**
 * Keeps `npm run bench` from rotting: the whole pipeline (server process on
 * embedded PostgreSQL, seed, full and light client processes, every phase) at
 * the smallest sizes, then the JSON it wrote must hold every figure, each with
 * finite positive numbers. The numbers themselves are not judged here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBench } from './bench.ts';
import { FIGURE_NAMES } from './figures.ts';
import { TARGETS } from './targets.ts';
import { cpuProfArgs, parseBenchArgs, type BenchOptions } from './options.ts';
import type { ScaleLevel } from './phases/scale.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pantry-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs every phase and writes every figure with positive numbers', { timeout: 240_000 }, async () => {
  const parsed = parseBenchArgs([
    '--quick', '--interactions', '1500', '--clients', '3', '--changes', '20', '--pushes', '40',
    '--scale-levels', '5', '--scale-changes', '10', '--out', path.join(dir, 'result.json'),
  ]);
  const options = parsed as BenchOptions;
  const lines: string[] = [];
  await runBench(options, (line) => lines.push(line));

  const json = JSON.parse(readFileSync(options.out, 'utf8'));
  expect(json.machine).toMatchObject({ cpus: expect.any(Number), cpu_model: expect.any(String), node: process.version });
  expect(json.setup.seeded_rows.interactions).toBe(1500);
  for (const name of FIGURE_NAMES) {
    const f = json.figures[name];
    expect(f, name).toBeDefined();
    expect(f.runs.length, name).toBeGreaterThan(0);
    // How many live clients kept p99 under 1 s is an outcome, and 0 is an honest one on a loaded machine.
    if (name === 'scale.max_live_clients') continue;
    for (const v of [f.median, f.min, f.max, ...f.runs]) {
      expect(Number.isFinite(v) && v > 0, `${name} = ${v}`).toBe(true);
    }
  }
  // Every figure with an issue-13 target carries its verdict in the JSON.
  for (const name of Object.keys(TARGETS)) expect(json.targets[name], name).toMatchObject({ target: expect.any(String), met: expect.any(Boolean) });
  const levels = json.details.scale_levels as ScaleLevel[];
  // 5 live clients: the propagation phase's 3 light clients (the sample) and 2 poll-only clients.
  expect(levels[0]).toMatchObject({ live_clients: 5, full_clients: 3, poll_clients: 2, timeouts: 0, poll_timeouts: 0 });
  expect(levels[0]!.samples).toBe(10 * 4); // every change seen by the 3 light clients and the reader
  expect(levels[0]!.p99_ms).toBeGreaterThan(0);
  // Every change reached both poll-only clients through their long polls.
  expect(levels[0]!.poll_p99_ms).toBeGreaterThan(0);
  expect(levels[0]!.sign_in_s).toBeGreaterThan(0);
  // Every row the server holds for the workspace reached the fresh client, as many as the floor read.
  const sync = json.details.replica_rows_by_table as Record<string, number>;
  expect(sync.interactions).toBe(1500);
  const syncRows = Object.values(sync).reduce((s, n) => s + n, 0);
  const floor = (json.details.floor_runs as { rows: number }[])[0]!;
  expect(floor.rows).toBe(syncRows);

  // The figures of issue 13's floor and link phases are there by name (not only through FIGURE_NAMES).
  for (const name of [
    'initial_sync.independent_floor_s', 'initial_sync.independent_floor_load_s', 'initial_sync.independent_floor_index_s',
    'initial_sync.independent_floor_rows', 'initial_sync.ratio_to_floor', 'initial_sync.ratio_to_independent_floor',
    'link.initial_sync_s', 'link.initial_sync_down_mb', 'link.initial_sync_up_kb',
    'link.identity_initial_sync_s', 'link.identity_initial_sync_down_mb', 'link.identity_initial_sync_up_kb',
    'initial_sync.dashboard_usable_s', 'link.dashboard_usable_s', 'link.identity_dashboard_usable_s',
  ]) {
    expect(json.figures[name]?.median, name).toBeGreaterThan(0);
  }
  // The independent floor read, table by table, exactly the rows the client replicated.
  const independent = (json.details.independent_floor_runs as { rows_by_table: Record<string, number> }[])[0]!;
  expect(independent.rows_by_table).toEqual(sync);
  // The dashboard is usable no later than the whole sync is up to date.
  expect(json.figures['initial_sync.dashboard_usable_s']!.median).toBeLessThanOrEqual(json.figures['initial_sync.s']!.median);
  // Both link passes synced every row, and asking for no compression did move more bytes.
  const link = json.details.link.runs as { pass: string; rows: number; down_bytes: number }[];
  expect(link.map((r) => r.rows)).toEqual([syncRows, syncRows]);
  const down = Object.fromEntries(link.map((r) => [r.pass, r.down_bytes]));
  expect(down.identity).toBeGreaterThan(down.compressed!);
});

it('parses flags: --quick lowers the sizes, explicit flags win, bad ones are refused', () => {
  const quick = parseBenchArgs(['--quick', '--runs', '2']) as BenchOptions;
  expect(quick).toMatchObject({ interactions: 5000, runs: 2, quick: true });
  expect(parseBenchArgs([])).toMatchObject({ interactions: 100_000, runs: 3, clients: 20, changes: 500 });
  expect(parseBenchArgs(['--help'])).toBe('help');
  expect(() => parseBenchArgs(['--runs', 'many'])).toThrow(/--runs must be a whole number/);
  expect(() => parseBenchArgs(['--frobnicate'])).toThrow(/frobnicate/);
  expect(parseBenchArgs(['--skip', 'scale, link,scale'])).toMatchObject({ skip: ['scale', 'link'] });
  expect(parseBenchArgs([])).toMatchObject({ skip: [] });
  expect(() => parseBenchArgs(['--skip', 'initial-sync'])).toThrow(/--skip takes phases separated by commas, from: wire, link/);
  // --cpu-prof: node's own profiler flags for the server, the full clients and the live-client processes, nothing without it.
  const profiled = parseBenchArgs(['--cpu-prof', 'prof']) as BenchOptions;
  expect(cpuProfArgs(profiled, 'server')).toEqual(['--cpu-prof', '--cpu-prof-dir', path.resolve('prof', 'server')]);
  expect(cpuProfArgs(profiled, 'live')).toEqual(['--cpu-prof', '--cpu-prof-dir', path.resolve('prof', 'live')]);
  expect(cpuProfArgs(profiled, 'client')).toEqual(['--cpu-prof', '--cpu-prof-dir', path.resolve('prof', 'client')]);
  expect(cpuProfArgs(parseBenchArgs([]) as BenchOptions, 'server')).toEqual([]);
  expect(() => parseBenchArgs(['--cpu-prof', ''])).toThrow(/--cpu-prof needs a folder/);
});
