/** Local reads on the reader's seeded replica (a real synced file, not synthetic data): p50/p95 per run. */
import { readsResult } from '../client/full-client.ts';
import { record, type BenchContext } from '../context.ts';
import type { FigureName } from '../figures.ts';
import type { FullClient } from './full-client.ts';

/** Which measured query feeds which pair of figures. */
const QUERY_FIGURES: Record<string, [FigureName, FigureName]> = {
  'principal dashboard': ['reads.dashboard_p50_ms', 'reads.dashboard_p95_ms'],
  pipeline: ['reads.pipeline_p50_ms', 'reads.pipeline_p95_ms'],
  'interactions list, page 20 (keyset)': ['reads.list_p50_ms', 'reads.list_p95_ms'],
  'search, a common word ("sample")': ['reads.search_p50_ms', 'reads.search_p95_ms'],
  'record detail with timeline': ['reads.detail_p50_ms', 'reads.detail_p95_ms'],
};

export async function localReadsPhase(b: BenchContext, reader: FullClient): Promise<void> {
  b.log('local reads on the synced replica');
  const reps = b.options.quick ? 10 : 30;
  const all: Record<string, { p50: number[]; p95: number[] }> = {};
  for (let run = 0; run < b.options.runs; run++) {
    const r = await reader.child.request('local_reads', { reps }, readsResult);
    for (const [q, v] of Object.entries(r)) {
      const a = (all[q] ??= { p50: [], p95: [] });
      a.p50.push(v.p50);
      a.p95.push(v.p95);
    }
  }
  for (const [q, [p50, p95]] of Object.entries(QUERY_FIGURES)) {
    const a = all[q];
    if (!a) throw new Error(`the client did not measure "${q}"`);
    record(b, p50, a.p50);
    record(b, p95, a.p95);
  }
  b.details.local_reads = all;
}
