/**
 * Lightweight live clients: several per process, each a real SyncClient with
 * its own sign-in (device), its own SQLite replica file, and one long-poll per
 * replicated table, exactly as a desktop in live mode. What makes them light:
 * instead of an initial sync they start from the stream positions (handle and
 * offset per table) of a fully synced replica, written into an empty replica
 * through the ordinary server-apply path, so they hold the server's live
 * connections without holding its 100k rows.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Replica } from '../../sync/client/replica/index.ts';
import { ServerApi } from '../../sync/client/server-link/server-api.ts';
import { SyncClient } from '../../sync/client/server-link/sync-client.ts';
import { TABLE_NAMES } from '../../sync/schema/index.ts';
import { sleep, wallNow } from '../clock.ts';
import type { Emit, Handlers } from './handler.ts';
import { collectSeen } from './seen-times.ts';
import { signInDevice } from './device-sign-in.ts';

export const lightStartArgs = z.strictObject({
  dir: z.string(),
  server_url: z.url(),
  email: z.email(),
  password: z.string(),
  count: z.number().int().positive(),
  positions: z.record(z.string(), z.object({ handle: z.string(), offset: z.string() })),
});
export const lightStartResult = z.object({ clients: z.number(), seconds: z.number() });
export const lightCollectResult = z.object({ at: z.array(z.number()), missing: z.number() });

interface Light {
  replica: Replica;
  sync: SyncClient;
  /** Watched id -> when it became visible here (undefined: not yet). */
  seen: Map<string, number | undefined>;
}

const clients: Light[] = [];
let dir = '';

function track(light: Light, emit: Emit): void {
  light.replica.onCommit((e) => {
    if (!e.sources.has('server') || !e.tables.has('interactions')) return;
    const at = wallNow();
    for (const [id, when] of light.seen) {
      if (when === undefined && light.replica.getRow('interactions', id)) {
        light.seen.set(id, at);
        if (clients.every((c) => c.seen.get(id) !== undefined)) emit('light_visible', id, null);
      }
    }
  });
}

export const lightClientHandlers: Handlers = {
  async light_start(raw, emit) {
    const a = lightStartArgs.parse(raw);
    dir = a.dir;
    const t0 = wallNow();
    const api = new ServerApi(a.server_url);
    const first = clients.length;
    const batch: Light[] = [];
    for (let i = 0; i < a.count; i += 4) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(4, a.count - i) }, (_, k) => signInDevice(api, a.email, a.password, `bench live client ${first + i + k}`)),
      );
      for (const [k, answer] of answers.entries()) {
        const replica = Replica.open(path.join(dir, `live-${first + i + k}.sqlite`), { actorId: answer.user.id });
        for (const t of TABLE_NAMES) {
          const pos = a.positions[t];
          if (!pos) throw new Error(`no stream position for ${t}`);
          replica.fromServer.replaceRows(t, [], { shape: pos, upToDate: true });
        }
        const sync = new SyncClient({ replica, serverUrl: a.server_url, token: answer.token, restartDelayMs: 500, maxRetryDelayMs: 2000 });
        const light: Light = { replica, sync, seen: new Map() };
        track(light, emit);
        sync.start();
        batch.push(light);
      }
    }
    clients.push(...batch);
    const deadline = Date.now() + 120_000;
    while (!batch.every((c) => c.sync.allUpToDate)) {
      if (Date.now() > deadline) throw new Error(`${batch.filter((c) => !c.sync.allUpToDate).length} live clients not up to date after 120 s`);
      await sleep(20);
    }
    return { clients: clients.length, seconds: (wallNow() - t0) / 1000 };
  },

  async light_watch(raw) {
    const id = z.uuid().parse(raw);
    for (const c of clients) c.seen.set(id, c.replica.getRow('interactions', id) ? wallNow() : undefined);
    return null;
  },

  /** When each client saw `id` (and how many never did); forgets the id. */
  async light_collect(raw) {
    return collectSeen(clients, z.uuid().parse(raw));
  },

  async light_stop() {
    for (const c of clients.splice(0)) {
      c.sync.stop();
      c.replica.close();
    }
    if (dir) await rm(dir, { recursive: true, force: true });
    return null;
  },
};
