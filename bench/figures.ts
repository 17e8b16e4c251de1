/**
 * Every figure `npm run bench` reports, by a stable name (the JSON's keys, the
 * table's rows, what bench.int.test.ts checks), with what it measures.
 */
export const FIGURES = {
  'initial_sync.first_client_s': { unit: 's', what: 'initial sync, first client (the server builds the shape snapshots): sign-in to up to date' },
  'initial_sync.s': { unit: 's', what: 'initial sync, fresh client (shapes exist): sign-in to up to date' },
  'initial_sync.rows_per_s': { unit: 'rows/s', what: 'initial sync, fresh client: rows in the replica / time' },
  'initial_sync.floor_s': { unit: 's', what: 'floor: same rows read from PostgreSQL, JSON encoded+decoded, bulk-loaded into a replica' },
  'initial_sync.floor_rows_per_s': { unit: 'rows/s', what: 'floor: rows / time' },
  'initial_sync.ratio_to_floor': { unit: 'x', what: 'initial sync time / floor time, same run' },
  'wire.initial_sync_identity_mb': { unit: 'MiB', what: 'bytes on the wire, every shape from offset -1 to up to date, no Accept-Encoding' },
  'wire.initial_sync_gzip_mb': { unit: 'MiB', what: 'the same with Accept-Encoding: gzip (what Node fetch, the sync client, asks for over http)' },
  'wire.initial_sync_br_mb': { unit: 'MiB', what: 'the same with Accept-Encoding: br' },
  'propagation.idle.p50_ms': { unit: 'ms', what: 'change propagation at idle (commit -> visible in another client\'s SQLite), p50' },
  'propagation.idle.p95_ms': { unit: 'ms', what: 'change propagation at idle, p95' },
  'propagation.idle.p99_ms': { unit: 'ms', what: 'change propagation at idle, p99' },
  'propagation.idle.command_to_visible_p50_ms': { unit: 'ms', what: 'quick log on one client -> visible on another (includes the push), p50, idle' },
  'propagation.loaded.p50_ms': { unit: 'ms', what: 'change propagation with the other live clients connected, p50' },
  'propagation.loaded.p95_ms': { unit: 'ms', what: 'change propagation with the other live clients connected, p95' },
  'propagation.loaded.p99_ms': { unit: 'ms', what: 'change propagation with the other live clients connected, p99' },
  'propagation.loaded.live_clients_p99_ms': { unit: 'ms', what: 'the same changes as seen by every light live client, p99' },
  'write.command_p50_ms': { unit: 'ms', what: 'local command latency (quick log), p50' },
  'write.command_p99_ms': { unit: 'ms', what: 'local command latency (quick log), p99' },
  'write.push_mutations_per_s': { unit: 'mutations/s', what: 'push throughput: mutations accepted by the server per second' },
  'push.bulk_creates_per_s': { unit: 'mutations/s', what: 'bulk push, one client over HTTP: creates sent in full batches (500), applied per second' },
  'push.bulk_updates_per_s': { unit: 'mutations/s', what: 'bulk push, one client over HTTP: updates of those rows, applied per second' },
  'reads.dashboard_p50_ms': { unit: 'ms', what: 'principal dashboard on the seeded replica, p50' },
  'reads.dashboard_p95_ms': { unit: 'ms', what: 'principal dashboard, p95' },
  'reads.pipeline_p50_ms': { unit: 'ms', what: 'pipeline by stage, p50' },
  'reads.pipeline_p95_ms': { unit: 'ms', what: 'pipeline by stage, p95' },
  'reads.list_p50_ms': { unit: 'ms', what: 'interactions list, page 20 of 50 rows (keyset), p50' },
  'reads.list_p95_ms': { unit: 'ms', what: 'interactions list, page 20, p95' },
  'reads.search_p50_ms': { unit: 'ms', what: 'FTS search for a common word, p50' },
  'reads.search_p95_ms': { unit: 'ms', what: 'FTS search for a common word, p95' },
  'reads.detail_p50_ms': { unit: 'ms', what: 'record detail with timeline (an organization), p50' },
  'reads.detail_p95_ms': { unit: 'ms', what: 'record detail with timeline, p95' },
  'resources.client_rss_mb': { unit: 'MiB', what: 'client process RSS right after initial sync' },
  'resources.server_rss_mb': { unit: 'MiB', what: 'sync server process RSS with the live clients connected' },
  'resources.sqlite_file_mb': { unit: 'MiB', what: 'replica file size after initial sync (WAL checkpointed)' },
  'scale.max_live_clients': { unit: 'clients', what: 'largest live-client count tried with change latency p99 < 1 s' },
} as const satisfies Record<string, { unit: string; what: string }>;

export type FigureName = keyof typeof FIGURES;
export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];
