/**
 * Initial sync over a field rep's line: a fresh full client (the real core
 * runtime and sync client, in its own process) signs in through a loopback
 * proxy paced to 20 Mbit/s each way with 20 ms each way (40 ms round trip),
 * once asking for compression as the sync client does (brotli or gzip for a
 * snapshot's answers, bulk-fetch.ts; gzip for the rest, Node's fetch), once asking
 * for none (identity). Seconds are sign-in to up to date, as in the
 * initial-sync phase; bytes are counted on the proxy, as sent on the line.
 * The shapes exist already (built by the initial-sync phase).
 */
import { MiB, record, type BenchContext } from '../context.ts';
import type { LinkShape } from '../link/paced-pipe.ts';
import { startShapedProxy } from '../link/shaped-proxy.ts';
import { startFullClient } from './full-client.ts';

export const FIELD_LINK: LinkShape = { bitsPerSecond: 20_000_000, delayMs: 20, bufferBytes: 256 * 1024 };

const PASSES = [
  { name: 'compressed', acceptEncoding: undefined },
  { name: 'identity', acceptEncoding: 'identity' },
] as const;

export async function shapedLinkPhase(b: BenchContext): Promise<void> {
  b.log(`initial sync over a shaped link: ${FIELD_LINK.bitsPerSecond / 1e6} Mbit/s, ${2 * FIELD_LINK.delayMs} ms round trip`);
  const runs = {
    compressed: { s: [] as number[], usable: [] as number[], down: [] as number[], up: [] as number[] },
    identity: { s: [] as number[], usable: [] as number[], down: [] as number[], up: [] as number[] },
  };
  const details: Record<string, unknown>[] = [];
  for (let run = 1; run <= b.options.runs; run++) {
    for (const pass of PASSES) {
      // A proxy per pass: its counters hold this sync's bytes only.
      const proxy = await startShapedProxy(b.server.url, FIELD_LINK);
      try {
        const client = await startFullClient(b, `link-${pass.name}-${run}`, b.emails.manager!, {
          serverUrl: proxy.url,
          ...(pass.acceptEncoding ? { acceptEncoding: pass.acceptEncoding } : {}),
        });
        const bytes = proxy.bytes();
        await client.child.stop();
        const r = runs[pass.name];
        r.s.push(client.sync.seconds);
        r.usable.push(client.sync.dashboard_usable_seconds);
        r.down.push(bytes.down / MiB);
        r.up.push(bytes.up / 1024);
        details.push({ run, pass: pass.name, seconds: client.sync.seconds, dashboard_usable_s: client.sync.dashboard_usable_seconds, rows: client.sync.rows, down_bytes: bytes.down, up_bytes: bytes.up });
        b.log(`  run ${run} ${pass.name}: ${client.sync.rows} rows in ${client.sync.seconds.toFixed(2)} s (dashboard usable at ${client.sync.dashboard_usable_seconds.toFixed(2)} s), ${(bytes.down / MiB).toFixed(2)} MiB down, ${(bytes.up / 1024).toFixed(0)} KiB up`);
      } finally {
        await proxy.close();
      }
    }
  }
  record(b, 'link.initial_sync_s', runs.compressed.s);
  record(b, 'link.dashboard_usable_s', runs.compressed.usable);
  record(b, 'link.initial_sync_down_mb', runs.compressed.down);
  record(b, 'link.initial_sync_up_kb', runs.compressed.up);
  record(b, 'link.identity_initial_sync_s', runs.identity.s);
  record(b, 'link.identity_dashboard_usable_s', runs.identity.usable);
  record(b, 'link.identity_initial_sync_down_mb', runs.identity.down);
  record(b, 'link.identity_initial_sync_up_kb', runs.identity.up);
  b.details.link = { shape: FIELD_LINK, runs: details };
}
