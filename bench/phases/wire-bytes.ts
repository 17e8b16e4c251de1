/**
 * Bytes on the wire of an initial sync: every replicated table's shape read
 * from offset -1 to up-to-date (the snapshot pages a fresh desktop fetches),
 * once per Accept-Encoding: none (identity), gzip (what Node's fetch asks
 * for) and br (what the desktop's sync client gets: it reads a snapshot
 * asking for `br, gzip`, bulk-fetch.ts). Counted on the
 * socket, before decoding. The shapes exist already (the initial-sync phase
 * built them), so this is what every further desktop meets.
 */
import { TABLE_NAMES } from '../../sync/schema/tables.ts';
import { MiB, record, type BenchContext } from '../context.ts';
import { countedGet, signInOverHttp } from '../http/session.ts';

const ENCODINGS = { identity: undefined, gzip: 'gzip', br: 'br' } as const;
type Encoding = keyof typeof ENCODINGS;

const one = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

/** Reads one table's shape to up-to-date; returns bytes on the wire and requests made. */
async function readShape(
  serverUrl: string,
  token: string,
  table: string,
  acceptEncoding: string | undefined,
) {
  let query = `table=${table}&offset=-1`;
  let bytes = 0;
  for (let requests = 1; requests <= 100_000; requests++) {
    const res = await countedGet(`${serverUrl}/v1/shape?${query}`, {
      authorization: `Bearer ${token}`,
      ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
    });
    if (res.status !== 200) throw new Error(`shape ${table} answered ${res.status}`);
    const encoding = one(res.headers['content-encoding']);
    if (acceptEncoding === undefined && encoding !== undefined)
      throw new Error(`shape ${table} came ${encoding} although none was asked for`);
    bytes += res.wireBytes;
    if (res.headers['electric-up-to-date'] !== undefined) return { bytes, requests };
    query = `table=${table}&handle=${one(res.headers['electric-handle'])}&offset=${one(res.headers['electric-offset'])}`;
  }
  throw new Error(`shape ${table} never reached up-to-date`);
}

export async function wireBytesPhase(b: BenchContext): Promise<void> {
  b.log('wire bytes of an initial sync: every shape read once per Accept-Encoding');
  const token = await signInOverHttp(
    b.server.url,
    b.emails.manager!,
    b.password,
    'bench wire bytes',
  );
  const runs: Record<Encoding, number[]> = { identity: [], gzip: [], br: [] };
  const details: Record<string, unknown>[] = [];
  for (let run = 0; run < b.options.runs; run++) {
    for (const [name, accept] of Object.entries(ENCODINGS) as [Encoding, string | undefined][]) {
      const t0 = performance.now();
      let bytes = 0;
      let requests = 0;
      for (const table of TABLE_NAMES) {
        const r = await readShape(b.server.url, token, table, accept);
        bytes += r.bytes;
        requests += r.requests;
      }
      const seconds = (performance.now() - t0) / 1000;
      runs[name].push(bytes / MiB);
      details.push({ run: run + 1, encoding: name, bytes, requests, seconds });
      b.log(
        `  run ${run + 1} ${name}: ${(bytes / MiB).toFixed(2)} MiB in ${requests} requests, ${seconds.toFixed(2)} s`,
      );
    }
  }
  record(b, 'wire.initial_sync_identity_mb', runs.identity);
  record(b, 'wire.initial_sync_gzip_mb', runs.gzip);
  record(b, 'wire.initial_sync_br_mb', runs.br);
  b.details.wire_runs = details;
}
