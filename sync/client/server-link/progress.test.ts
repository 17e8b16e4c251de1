import { describe, expect, it } from 'vitest';
import { MIN_RATE_MS, ProgressMeter } from './progress.ts';

/** A clock the test moves by hand (the meter's only input besides the counts). */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ProgressMeter', () => {
  it('without a plan counts tables and rows only, as before', () => {
    const m = new ProgressMeter();
    m.addRows(40);
    expect(m.progress(2, 13)).toEqual({ tables_done: 2, tables_total: 13, rows: 40 });
  });

  it('with a plan reports rows of the total, and an estimate only after a few seconds of rows', () => {
    const c = clock();
    const m = new ProgressMeter(c.now);
    m.setTotal(10_000);
    expect(m.progress(0, 13)).toEqual({ tables_done: 0, tables_total: 13, rows: 0, rows_total: 10_000 });
    m.addRows(500);
    c.advance(MIN_RATE_MS - 1);
    expect(m.progress(1, 13).eta_seconds).toBeUndefined();
    c.advance(1);
    m.addRows(1500); // 2000 rows in 3 s: 8000 left at 666.7 rows/s is 12 s
    expect(m.progress(3, 13)).toEqual({ tables_done: 3, tables_total: 13, rows: 2000, rows_total: 10_000, eta_seconds: 12 });
  });

  it('clamps rows to the total (a refetched table counts twice) and never estimates below zero', () => {
    const c = clock();
    const m = new ProgressMeter(c.now);
    m.setTotal(100);
    m.addRows(80);
    c.advance(5000);
    m.addRows(80);
    expect(m.progress(13, 13)).toEqual({ tables_done: 13, tables_total: 13, rows: 100, rows_total: 100, eta_seconds: 0 });
  });

  it('ignores zero and negative row counts and a negative total', () => {
    const m = new ProgressMeter();
    m.setTotal(-5);
    m.addRows(0);
    m.addRows(-3);
    expect(m.progress(0, 1)).toEqual({ tables_done: 0, tables_total: 1, rows: 0, rows_total: 0 });
  });
});
