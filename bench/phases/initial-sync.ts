/**
 * Initial sync. A first client signs in while the server has no shapes yet
 * (so its time includes building every snapshot from PostgreSQL); it stays
 * as the writer of later phases. Then each run starts a fresh client (the
 * shapes exist; this is what every further desktop meets) and, in the same
 * run, measures two floors, each in a fresh process: the replica's own bulk
 * path fed by the server's shape queries (bench/client/floor.ts), and an
 * independent one that shares no code with the sync (bench/floor/). The last
 * fresh client stays as the reader of later phases.
 */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { floorResult } from '../client/floor.ts';
import { MiB, record, type BenchContext } from '../context.ts';
import { independentFloorResult } from '../floor/handlers.ts';
import { BenchChild } from '../ipc.ts';
import { startFullClient, type FullClient } from './full-client.ts';

export async function initialSyncPhase(b: BenchContext): Promise<{ writer: FullClient; reader: FullClient }> {
  b.log('initial sync: first client (builds the shapes)');
  const writer = await startFullClient(b, 'writer', b.emails.rep!);
  record(b, 'initial_sync.first_client_s', [writer.sync.seconds]);
  b.log(`  ${writer.sync.rows} rows in ${writer.sync.seconds.toFixed(2)} s`);
  b.details.replica_rows_by_table = writer.sync.rows_by_table;

  const runs = { s: [] as number[], rate: [] as number[], floor: [] as number[], floorRate: [] as number[], ratio: [] as number[], ind: [] as number[], indLoad: [] as number[], indIndex: [] as number[], indRows: [] as number[], indRatio: [] as number[], rss: [] as number[], peakRss: [] as number[], file: [] as number[], usable: [] as number[] };
  const floors: unknown[] = [];
  const independentFloors: unknown[] = [];
  let reader: FullClient | undefined;
  for (let run = 1; run <= b.options.runs; run++) {
    const fresh = await startFullClient(b, `reader-${run}`, b.emails.manager!);
    const s = fresh.sync;
    runs.s.push(s.seconds);
    runs.rate.push(s.rows / s.seconds);
    runs.usable.push(s.dashboard_usable_seconds);
    runs.rss.push(s.rss_bytes / MiB);
    runs.peakRss.push(s.peak_rss_bytes / MiB);
    runs.file.push(s.file_bytes / MiB);
    const floorChild = BenchChild.start(`floor-${run}`);
    try {
      const f = await floorChild.request('floor', { admin_url: b.server.adminUrl, workspace_id: b.workspaceId, dir: await mkdtemp(path.join(b.tmp, 'floor-')) }, floorResult);
      floors.push(f);
      runs.floor.push(f.seconds);
      runs.floorRate.push(f.rows / f.seconds);
      runs.ratio.push(s.seconds / f.seconds);
      b.log(`  run ${run}: ${s.rows} rows in ${s.seconds.toFixed(2)} s (dashboard usable at ${s.dashboard_usable_seconds.toFixed(2)} s, client peak RSS ${(s.peak_rss_bytes / MiB).toFixed(0)} MiB); floor ${f.rows} rows in ${f.seconds.toFixed(2)} s (PostgreSQL ${f.postgres_s.toFixed(2)}, JSON ${f.json_s.toFixed(2)}, SQLite ${f.sqlite_s.toFixed(2)})`);
    } finally {
      await floorChild.stop();
    }
    const independentChild = BenchChild.start(`independent-floor-${run}`, 'floor-process.ts');
    try {
      const dir = await mkdtemp(path.join(b.tmp, 'independent-floor-'));
      const f = await independentChild.request('independent_floor', { admin_url: b.server.adminUrl, workspace_id: b.workspaceId, dir }, independentFloorResult);
      independentFloors.push(f);
      runs.ind.push(f.seconds);
      runs.indLoad.push(f.load_s);
      runs.indIndex.push(f.index_s);
      runs.indRows.push(f.rows);
      runs.indRatio.push(s.seconds / f.seconds);
      b.log(`  run ${run}: independent floor ${f.rows} rows in ${f.seconds.toFixed(2)} s (PostgreSQL -> SQLite ${f.load_s.toFixed(2)}, ${f.indexes} indexes + FTS ${f.index_s.toFixed(2)})`);
    } finally {
      await independentChild.stop();
    }
    if (run === b.options.runs) reader = fresh;
    else await fresh.child.stop();
  }
  record(b, 'initial_sync.s', runs.s);
  record(b, 'initial_sync.rows_per_s', runs.rate);
  record(b, 'initial_sync.dashboard_usable_s', runs.usable);
  record(b, 'initial_sync.floor_s', runs.floor);
  record(b, 'initial_sync.floor_rows_per_s', runs.floorRate);
  record(b, 'initial_sync.ratio_to_floor', runs.ratio);
  record(b, 'initial_sync.independent_floor_s', runs.ind);
  record(b, 'initial_sync.independent_floor_load_s', runs.indLoad);
  record(b, 'initial_sync.independent_floor_index_s', runs.indIndex);
  record(b, 'initial_sync.independent_floor_rows', runs.indRows);
  record(b, 'initial_sync.ratio_to_independent_floor', runs.indRatio);
  record(b, 'resources.client_rss_mb', runs.rss);
  record(b, 'resources.client_peak_rss_mb', runs.peakRss);
  record(b, 'resources.sqlite_file_mb', runs.file);
  b.details.floor_runs = floors;
  b.details.independent_floor_runs = independentFloors;
  return { writer, reader: reader! };
}
