/**
 * The arithmetic of every figure: percentiles of one run's samples, and the
 * median / min / max over runs that the table and the JSON report.
 */

/** Nearest-rank percentile of ascending `sorted` (q in 0..1); NaN for no samples. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN };
}

/** One reported figure: the median of its runs, with the spread. */
export interface Figure {
  what: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  /** One value per run, in run order. */
  runs: number[];
}

export function figure(what: string, unit: string, runs: readonly number[]): Figure {
  const s = [...runs].sort((a, b) => a - b);
  return { what, unit, median: percentile(s, 0.5), min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN, runs: [...runs] };
}
