/**
 * Poll-only live clients: many per process, each its own device (a real sign-in
 * and session) holding one Electric long poll per replicated table against the
 * real shape route over HTTP, so the server carries exactly the connections,
 * auth checks and answers of that many desktops, without 2 cores also paying
 * for every desktop's SQLite work (which is the desktop's CPU, not the server's).
 *
 * What one does, per table, as the Electric client's long-poll loop does
 * (/work/shared/ELECTRIC-PROTOCOL.md sections 2, 6.1 and 7):
 *  - starts from a synced replica's stream position (handle + offset), first
 *    request not live; `live=true` with the last `electric-cursor` once an
 *    answer said up-to-date, and asks again as soon as any answer arrives;
 *  - takes `electric-handle`, `electric-offset`, `electric-cursor` from every
 *    answer; on 409 takes the new handle and starts over from offset -1 with a
 *    cache buster (reading and dropping the snapshot, as a replica would refetch);
 *  - sends `Authorization: Bearer <its token>` and `Accept-Encoding: gzip,
 *    deflate` (what the desktop's fetch sends) and decodes what comes back, over
 *    kept-alive node:http sockets (lighter than fetch, so the clients take less
 *    of the 2 cores the server runs on; the bytes on the wire are the same);
 *  - reads the whole body and parses it as JSON (so the answer has arrived and
 *    is readable); for `interactions` it notes when an insert of a watched id
 *    arrived: that moment is the "answer" timestamp.
 * What it does not do: no SQLite, no replica, no FTS, no outbox or push, no
 *  overlays; a network error or 5xx is retried after 1 s (the desktop backs off
 *  similarly); a 401 stops that client.
 */
import http from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { ServerApi } from '../../sync/client/server-link/server-api.ts';
import { TABLE_NAMES } from '../../sync/schema/index.ts';
import { sleep, wallNow } from '../clock.ts';
import type { Emit, Handlers } from './handler.ts';
import { collectSeen } from './seen-times.ts';
import { signInDevice } from './device-sign-in.ts';

export const pollStartArgs = z.strictObject({
  server_url: z.url(),
  email: z.email(),
  password: z.string(),
  count: z.number().int().positive(),
  positions: z.record(z.string(), z.object({ handle: z.string(), offset: z.string() })),
});
/** `sign_in_s`: wall time of this batch's sign-ins; `seconds`: until every poll of the batch went live. */
export const pollStartResult = z.object({ clients: z.number(), sign_in_s: z.number(), seconds: z.number() });

const message = z.object({ headers: z.record(z.string(), z.unknown()).optional(), value: z.record(z.string(), z.unknown()).optional() });
const body = z.array(message);

interface Poller {
  token: string;
  live: Set<string>;
  /** Watched id -> when an answer carrying its insert arrived here. */
  seen: Map<string, number | undefined>;
  stopped: boolean;
  error?: string;
}

const clients: Poller[] = [];
/** Set by poll_stop: every loop ends after its poll in flight (the process is about to exit). */
let stopping = false;
let emitVisible: Emit = () => undefined;

/** One socket per poll in flight, kept alive between polls as a browser or undici would. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface Answer {
  status: number;
  header(name: string): string | undefined;
  text: string;
}

/** GET over node:http, the body read whole and decoded as the desktop's fetch would. */
function get(url: string, token: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body = enc === 'gzip' ? gunzipSync(raw) : enc === 'deflate' ? inflateSync(raw) : enc === 'br' ? brotliDecompressSync(raw) : raw;
          const header = (name: string) => {
            const v = res.headers[name];
            return Array.isArray(v) ? v.join(', ') : v;
          };
          resolve({ status: res.statusCode ?? 0, header, text: body.toString('utf8') });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
  });
}

function noteArrivals(p: Poller, messages: z.infer<typeof body>, at: number): void {
  for (const m of messages) {
    const id = m.value?.id;
    if (m.headers?.operation !== 'insert' || typeof id !== 'string' || !p.seen.has(id) || p.seen.get(id) !== undefined) continue;
    p.seen.set(id, at);
    if (clients.every((c) => c.seen.get(id) !== undefined)) emitVisible('poll_visible', id, null);
  }
}

/** One table's long-poll loop, until the process stops or the session ends. */
async function pollTable(p: Poller, serverUrl: string, table: string, start: { handle: string; offset: string }): Promise<void> {
  let handle = start.handle;
  let offset = start.offset;
  let cursor: string | undefined;
  let live = false;
  let buster: string | undefined;
  while (!p.stopped && !stopping) {
    const q = new URLSearchParams({ table, offset, log: 'full' });
    if (offset !== '-1') q.set('handle', handle);
    if (live) q.set('live', 'true');
    if (cursor !== undefined) q.set('cursor', cursor);
    if (buster) q.set('cache-buster', buster);
    q.sort();
    let res: Answer;
    try {
      // No abort on stop: the loop ends after this poll, and the process exits anyway.
      res = await get(`${serverUrl}/v1/shape?${q}`, p.token);
    } catch {
      if (stopping) return;
      await sleep(1000);
      continue;
    }
    const at = wallNow();
    if (res.status === 409) {
      // must-refetch: the new handle, from the start, with a cache buster (section 7).
      handle = res.header('electric-handle') ?? handle;
      offset = '-1';
      cursor = undefined;
      live = false;
      buster = `${Date.now()}-${Math.random().toString(36).slice(2, 9)}`;
      p.live.delete(table);
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      p.stopped = true;
      p.error = `${table}: ${res.status} ${res.text.slice(0, 200)}`;
      return;
    }
    if (res.status !== 200 && res.status !== 204) {
      await sleep(1000);
      continue;
    }
    const messages = res.text ? body.parse(JSON.parse(res.text)) : [];
    if (table === 'interactions') noteArrivals(p, messages, at);
    handle = res.header('electric-handle') ?? handle;
    offset = res.header('electric-offset') ?? offset;
    cursor = res.header('electric-cursor') ?? cursor;
    buster = undefined;
    if (res.header('electric-up-to-date') !== undefined || messages.some((m) => m.headers?.control === 'up-to-date')) {
      live = true;
      p.live.add(table);
    } else {
      live = false;
    }
  }
}

export const pollClientHandlers: Handlers = {
  async poll_start(raw, emit) {
    const a = pollStartArgs.parse(raw);
    emitVisible = emit;
    const t0 = wallNow();
    const api = new ServerApi(a.server_url);
    const first = clients.length;
    const batch: Poller[] = [];
    // A few sign-ins at a time: each is a deliberately slow scrypt on the server.
    for (let i = 0; i < a.count; i += 4) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(4, a.count - i) }, (_, k) => signInDevice(api, a.email, a.password, `bench poll client ${first + i + k}`)),
      );
      for (const answer of answers) batch.push({ token: answer.token, live: new Set(), seen: new Map(), stopped: false });
    }
    const signInS = (wallNow() - t0) / 1000;
    for (const p of batch) {
      for (const t of TABLE_NAMES) {
        const pos = a.positions[t];
        if (!pos) throw new Error(`no stream position for ${t}`);
        void pollTable(p, a.server_url, t, pos).catch((err: unknown) => {
          p.stopped = true;
          p.error = `${t}: ${String(err)}`;
        });
      }
    }
    clients.push(...batch);
    const deadline = Date.now() + 120_000;
    while (!batch.every((p) => p.live.size === TABLE_NAMES.length)) {
      const failed = batch.find((p) => p.error);
      if (failed) throw new Error(`a poll-only client stopped: ${failed.error}`);
      if (Date.now() > deadline) throw new Error(`${batch.filter((p) => p.live.size < TABLE_NAMES.length).length} poll-only clients not live after 120 s`);
      await sleep(20);
    }
    return { clients: clients.length, sign_in_s: signInS, seconds: (wallNow() - t0) / 1000 };
  },

  async poll_watch(raw) {
    const id = z.uuid().parse(raw);
    for (const p of clients) p.seen.set(id, undefined);
    return null;
  },

  /** When each client's answer carrying `id` arrived (and how many never did); forgets the id. */
  async poll_collect(raw) {
    return collectSeen(clients, z.uuid().parse(raw));
  },

  async poll_stop() {
    for (const p of clients.splice(0)) p.stopped = true;
    stopping = true;
    return null;
  },
};
