/** The results table printed on stdout (and pasted into bench/README.md): one row per figure with issue 13's target where it has one, then the scale ramp. */
import type { BenchResult } from './bench.ts';
import { FIGURE_NAMES } from './figures.ts';
import type { ScaleLevel } from './phases/scale.ts';
import { verdict } from './targets.ts';

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** A Markdown table: readable in a terminal, pasteable into the README. */
export function resultTable(r: BenchResult): string {
  const lines = [
    `${r.at} | ${r.machine.cpus} x ${r.machine.cpu_model}, ${r.machine.memory_gb} GB, ${r.machine.os}, Node ${r.machine.node} | ` +
      `${r.options.interactions} interactions seeded, ${r.options.runs} run(s), ${r.options.clients} live clients` +
      ` | seed ${fmt(r.setup.seed_s)} s, total ${fmt(r.setup.total_s / 60)} min`,
    '',
    '| figure | median | min | max | unit | target | met | what |',
    '|---|---:|---:|---:|---|---|---|---|',
  ];
  for (const name of FIGURE_NAMES) {
    const f = r.figures[name];
    if (!f) continue;
    const v = verdict(name, f);
    const met = v ? (v.met ? 'yes' : '**no**') : '';
    lines.push(`| ${name} | ${fmt(f.median)} | ${fmt(f.min)} | ${fmt(f.max)} | ${f.unit} | ${v?.target ?? ''} | ${met} | ${f.what} |`);
  }
  const levels = r.details.scale_levels as ScaleLevel[] | undefined;
  if (levels?.length) {
    lines.push(
      '',
      '| live clients (full + poll-only) | full p50 ms | full p99 ms | timeouts | poll-only answer p50 ms | poll-only p99 ms | missed | server+PG CPU s / change | server RSS MiB | connect s (sign-ins) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const l of levels) {
      lines.push(
        `| ${l.live_clients} (${l.full_clients} + ${l.poll_clients}) | ${fmt(l.p50_ms)} | ${fmt(l.p99_ms)} | ${l.timeouts} | ${fmt(l.poll_p50_ms)} | ${fmt(l.poll_p99_ms)} | ${l.poll_timeouts} | ` +
          `${fmt(l.server_cpu_s_per_change)} | ${fmt(l.server_rss_mb)} | ${fmt(l.connect_s)} (${fmt(l.sign_in_s)}) |`,
      );
    }
  }
  return lines.join('\n');
}
