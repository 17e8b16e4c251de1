/**
 * A headless desktop client: the same core runtime Electron's main process
 * starts (openRuntime, sign-in, per-account replica, SyncClient), in a process
 * of its own so its RSS is real. It measures what happens inside it and
 * timestamps what the orchestrator correlates across processes:
 * - `visible`: a watched interaction id is in this replica, stamped right
 *   after the server-apply transaction that brought it committed;
 * - `applied`: the server's "applied" answer for a marker this client wrote
 *   was recorded (the server answers after its COMMIT).
 */
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import * as core from '../../main/core/index.ts';
import { openRuntime, type CoreRuntime, type RuntimeEvent } from '../../main/core/runtime/runtime.ts';
import { TABLE_NAMES } from '../../sync/schema/index.ts';
import { sleep, wallNow } from '../clock.ts';
import { forceAcceptEncoding } from './accept-encoding.ts';
import { watchDashboardUsable } from './dashboard-usable.ts';
import { percentiles } from '../stats.ts';
import type { Emit, Handlers } from './handler.ts';

export const signInArgs = z.strictObject({
  data_dir: z.string(),
  server_url: z.url(),
  email: z.email(),
  password: z.string(),
  /** 'identity': no compression asked (default: what the sync client asks, bulk-fetch.ts and Node's fetch). */
  accept_encoding: z.literal('identity').optional(),
});
export const signInResult = z.object({
  seconds: z.number(),
  rows: z.number(),
  rows_by_table: z.record(z.string(), z.number()),
  rss_bytes: z.number(),
  /** Highest RSS of the process so far (getrusage ru_maxrss): the initial sync's peak. */
  peak_rss_bytes: z.number(),
  file_bytes: z.number(),
  /** Sign-in to a usable dashboard (bench/client/dashboard-usable.ts): its tables up to date, its queries answered. */
  dashboard_usable_seconds: z.number(),
});
export const shapePositions = z.record(z.string(), z.object({ handle: z.string(), offset: z.string() }));
export const markerArgs = z.strictObject({ id: z.uuid(), contact_id: z.uuid() });
export const markerResult = z.object({ command_start: z.number(), command_end: z.number() });
export const latencyResult = z.object({ samples_ms: z.array(z.number()) });
export const pushResult = z.object({ mutations: z.number(), seconds: z.number(), rejected: z.number() });
export const readsResult = z.record(z.string(), z.object({ p50: z.number(), p95: z.number(), n: z.number() }));
export const timedEvent = z.object({ at: z.number() });

let runtime: CoreRuntime | null = null;
let dataDir = '';
const watched = new Set<string>();
const awaitingAnswer = new Set<string>();

function ctx(): core.CoreContext {
  if (!runtime) throw new Error('not signed in');
  return runtime.ctx;
}

/** Resolves when the runtime reports `state`; rejects on an error or sign-out. */
function untilState(rt: CoreRuntime, state: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${state} within ${timeoutMs} ms (last: ${JSON.stringify(rt.syncStatus())})`)), timeoutMs);
    const stop = rt.subscribe((e: RuntimeEvent) => {
      if (e.type !== 'sync') return;
      if (e.status.state === state) done();
      else if (e.status.state === 'signed_out') done(new Error(`signed out: ${JSON.stringify(e.status)}`));
    });
    function done(err?: Error) {
      clearTimeout(timer);
      stop();
      if (err) reject(err);
      else resolve();
    }
  });
}

/** Stamps watched ids when a server transaction brings them, and markers when their answer is recorded. */
function listen(emit: Emit): void {
  const replica = ctx().replica;
  replica.onCommit((e) => {
    const at = wallNow();
    if (watched.size > 0 && e.sources.has('server') && e.tables.has('interactions')) {
      for (const id of watched) {
        const row = replica.getRow('interactions', id);
        if (row && !row._pending) {
          watched.delete(id);
          emit('visible', id, { at });
        }
      }
    }
    if (awaitingAnswer.size > 0 && e.tables.has('outbox')) {
      const status = replica.stmt(`SELECT status FROM outbox WHERE table_name = 'interactions' AND row_id = ? ORDER BY seq DESC LIMIT 1`);
      for (const id of awaitingAnswer) {
        const s = (status.get(id) as { status: string } | undefined)?.status;
        // Gone means the stream confirmed it already: it was applied too.
        if (s === 'applied' || s === undefined) {
          awaitingAnswer.delete(id);
          emit('applied', id, { at });
        } else if (s === 'rejected') {
          awaitingAnswer.delete(id);
          emit('applied', id, { at, rejected: true });
        }
      }
    }
  });
}

function unsynced(): number {
  const c = ctx().replica.outbox.counts();
  return c.pending + c.sent;
}

async function drainOutbox(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (unsynced() > 0) {
    if (Date.now() > deadline) throw new Error(`outbox still holds ${unsynced()} unsent mutations after ${timeoutMs} ms`);
    await sleep(5);
  }
}

function quickLog(contactId: string, notes: string, id?: string): core.WriteResult {
  return core.logInteraction(ctx(), { ...(id ? { id } : {}), interaction_type: 'Phone Call', contact_id: contactId, notes });
}

function timeQuery(reps: number, fn: () => unknown) {
  const samples: number[] = [];
  fn(); // first call prepares statements: not what a user waits for twice
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const p = percentiles(samples);
  return { p50: p.p50, p95: p.p95, n: p.n };
}

export const fullClientHandlers: Handlers = {
  async sign_in(raw, emit) {
    const a = signInArgs.parse(raw);
    dataDir = a.data_dir;
    if (a.accept_encoding) forceAcceptEncoding(a.accept_encoding);
    // The app is already open when the user signs in: opening it is not part of the figure.
    const rt = await openRuntime({ dataDir, appVersion: 'bench' });
    runtime = rt;
    const dashboard = watchDashboardUsable(rt);
    const t0 = wallNow();
    const upToDate = untilState(rt, 'up_to_date', 30 * 60_000);
    await rt.signIn({ server_url: a.server_url, email: a.email, password: a.password });
    await upToDate;
    const seconds = (wallNow() - t0) / 1000;
    const usableAt = dashboard.usableAt();
    dashboard.stop();
    if (usableAt === undefined) throw new Error('up to date but the dashboard never became usable');
    const rss = process.memoryUsage().rss;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    listen(emit);
    const replica = rt.ctx.replica;
    const rowsByTable: Record<string, number> = {};
    for (const t of TABLE_NAMES) rowsByTable[t] = (replica.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    // The end of the download started a checkpoint on a worker thread: a second one now would
    // find it busy and copy nothing, so the file size is taken after it.
    await replica.checkpointing;
    replica.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      seconds,
      rows: Object.values(rowsByTable).reduce((s, n) => s + n, 0),
      rows_by_table: rowsByTable,
      rss_bytes: rss,
      peak_rss_bytes: peakRss,
      file_bytes: statSync(replica.path).size,
      dashboard_usable_seconds: (usableAt - t0) / 1000,
    };
  },

  async shape_positions() {
    const out: Record<string, { handle: string; offset: string }> = {};
    for (const t of TABLE_NAMES) {
      const s = ctx().replica.fromServer.shapeState(t);
      if (!s) throw new Error(`${t} has no stream position`);
      out[t] = { handle: s.handle, offset: s.offset };
    }
    return out;
  },

  /**
   * Contacts to log against, in turn: a rep's quick logs spread over many
   * customers (logging all of them on one contact would make that one
   * organization's interaction count, and so the local last-interaction
   * prediction, grow with the bench itself).
   */
  async pick_contacts(raw) {
    const a = z.strictObject({ n: z.number().int().positive() }).parse(raw);
    const ids = core.contactList.run(ctx(), { limit: Math.min(a.n, 200) }).rows.map((r) => r.id as string);
    if (ids.length === 0) throw new Error('the replica has no contact');
    return { ids };
  },

  async watch(raw) {
    for (const id of z.array(z.uuid()).parse(raw)) watched.add(id);
    return null;
  },

  async log_marker(raw) {
    const a = markerArgs.parse(raw);
    awaitingAnswer.add(a.id);
    const command_start = wallNow();
    quickLog(a.contact_id, `bench marker ${a.id}`, a.id);
    return { command_start, command_end: wallNow() };
  },

  /** Quick-log latency as a user meets it: one at a time, the push loop running in between. */
  async command_latency(raw) {
    const a = z.strictObject({ n: z.number().int().positive(), contact_ids: z.array(z.uuid()).min(1) }).parse(raw);
    const samples_ms: number[] = [];
    for (let i = 0; i < a.n; i++) {
      const t0 = performance.now();
      quickLog(a.contact_ids[i % a.contact_ids.length]!, `bench quick log ${i}: called about the sample, wants pricing`);
      samples_ms.push(performance.now() - t0);
      await new Promise((r) => setImmediate(r));
    }
    await drainOutbox(120_000);
    return { samples_ms };
  },

  /**
   * Push throughput: n quick logs committed in one local transaction (the push
   * loop wakes once and finds them all), timed until the server has answered
   * every one (nothing left pending or sent).
   */
  async push_throughput(raw) {
    const a = z.strictObject({ n: z.number().int().positive(), contact_ids: z.array(z.uuid()).min(1) }).parse(raw);
    const before = ctx().replica.outbox.counts().rejected;
    ctx().replica.transaction(() => {
      for (let i = 0; i < a.n; i++) quickLog(a.contact_ids[i % a.contact_ids.length]!, `bench push ${i}`);
    });
    const t0 = wallNow();
    await drainOutbox(30 * 60_000);
    return { mutations: a.n, seconds: (wallNow() - t0) / 1000, rejected: ctx().replica.outbox.counts().rejected - before };
  },

  /** Waits until every mutation this client sent came back on its own shape stream (the server's stream has caught up). */
  async settle(raw) {
    const a = z.strictObject({ timeout_ms: z.number().int().positive() }).parse(raw);
    const t0 = wallNow();
    const deadline = Date.now() + a.timeout_ms;
    for (;;) {
      const c = ctx().replica.outbox.counts();
      if (c.pending + c.sent + c.applied === 0) return { seconds: (wallNow() - t0) / 1000 };
      if (Date.now() > deadline) throw new Error(`not settled after ${a.timeout_ms} ms: ${JSON.stringify(c)}`);
      await sleep(50);
    }
  },

  async local_reads(raw) {
    const a = z.strictObject({ reps: z.number().int().positive() }).parse(raw);
    const c = ctx();
    const org = core.organizationList.run(c, { is_principal: false, limit: 1 }).rows[0];
    if (!org) throw new Error('the replica has no customer organization');
    let cursor: string | undefined;
    for (let i = 0; i < 19; i++) cursor = core.interactionList.run(c, { limit: 50, ...(cursor ? { cursor } : {}) }).next_cursor ?? undefined;
    const rare = String(org.name).split(/\s+/)[0]!;
    return {
      'principal dashboard': timeQuery(a.reps, () => core.principalDashboard(c)),
      pipeline: timeQuery(a.reps, () => core.pipelineByStage(c, {})),
      'interactions list, page 1 (50 rows)': timeQuery(a.reps, () => core.interactionList.run(c, { limit: 50 })),
      'interactions list, page 20 (keyset)': timeQuery(a.reps, () => core.interactionList.run(c, { limit: 50, ...(cursor ? { cursor } : {}) })),
      'search, an organization name': timeQuery(a.reps, () => core.search(c, { q: rare })),
      'search, a common word ("sample")': timeQuery(a.reps, () => core.search(c, { q: 'sample' })),
      'record detail with timeline': timeQuery(a.reps, () => core.recordDetail(c, { table: 'organizations', id: org.id as string })),
    };
  },

  async close() {
    runtime?.close();
    runtime = null;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    return null;
  },
};
