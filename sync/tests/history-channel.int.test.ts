/**
 * A record's history as the desktop shows it (records.history), through real
 * desktop runtimes signed in to a real sync server on PostgreSQL:
 *  - online, the history is fetched from the server (audit_log is not in the
 *    replica) and saved on this computer; a viewer gets what RLS allows;
 *  - with the server down, the saved copy is answered, labeled `saved` with
 *    the reason, plus this device's own confirmed changes the copy predates,
 *    while the unconfirmed edit stays in records.detail's pending list;
 *  - when the server is back, the server's history again;
 *  - a local workspace has no server history; bad input names the field.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannel, type ChannelResult } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { openRuntime, type CoreRuntime } from '../../main/core/runtime/runtime.ts';
import { createLoginTenant, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
const runtimes: CoreRuntime[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked with expect()
type Answer = { ok: boolean; value?: any; error?: any };
const call = (runtime: CoreRuntime, name: string, input?: unknown): Promise<Answer> =>
  invokeChannel(CHANNELS[name], name, input, { runtime }) as Promise<ChannelResult<unknown> & Answer>;
const state = (runtime: CoreRuntime) => (runtime.syncStatus() as { state: string }).state;
const settled = (runtime: CoreRuntime) => {
  const c = runtime.ctx.replica.outbox.counts();
  return c.pending + c.sent + c.applied + c.rejected === 0;
};

async function newRuntime(): Promise<CoreRuntime> {
  const runtime = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-history-')), appVersion: '0.9.1' });
  runtimes.push(runtime);
  return runtime;
}

async function signedIn(email: string): Promise<CoreRuntime> {
  const runtime = await newRuntime();
  expect(await call(runtime, 'session.sign_in', { server_url: t.url, email, password: PASSWORD })).toMatchObject({ ok: true });
  await waitFor(() => state(runtime) === 'up_to_date', `${email}'s first sync`);
  return runtime;
}

let rep: CoreRuntime;
let orgId: string;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  rep = await signedIn(a.emails.rep);
  const created = await call(rep, 'organizations.create', { name: 'History Cafe' });
  expect(created).toMatchObject({ ok: true });
  orgId = created.value.id;
  await waitFor(() => settled(rep), 'the create to be confirmed');
  expect(await call(rep, 'organizations.update', { id: orgId, name: 'History Cafe & Bar' })).toMatchObject({ ok: true });
  await waitFor(() => settled(rep), 'the rename to be confirmed');
}, 60_000);
afterAll(async () => {
  for (const r of runtimes) r.close();
  await t.close();
});

describe('records.history', () => {
  it('online: fetched from the server (nothing of audit_log is replicated) and saved here', async () => {
    expect(rep.ctx.replica.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'audit_log%'`).all()).toEqual([]);
    const answer = await call(rep, 'records.history', { table: 'organizations', id: orgId });
    expect(answer).toMatchObject({ ok: true, value: { source: 'server', reason: null, own_changes: [], next_cursor: null } });
    expect(answer.value.entries.map((e: { action: string; new_values: { name?: string } }) => [e.action, e.new_values.name])).toEqual([
      ['update', 'History Cafe & Bar'],
      ['insert', 'History Cafe'],
    ]);
    expect(answer.value.entries[0].actor_id).toBe(a.users.rep);
    expect(answer.value.saved_at).toEqual(expect.any(String));
    const saved = rep.ctx.replica.prepare('SELECT count(*) AS n FROM history_cache WHERE record_id = ?').get(orgId);
    expect(saved).toEqual({ n: 2 });
  });

  it("a viewer's desktop gets the same history, as RLS allows every member", async () => {
    const viewer = await signedIn(a.emails.viewer);
    const answer = await call(viewer, 'records.history', { table: 'organizations', id: orgId });
    expect(answer.value.source).toBe('server');
    expect(answer.value.entries).toHaveLength(2);
  });

  it('offline: the saved copy, labeled, plus own recent changes; the unconfirmed edit stays pending', async () => {
    // A change confirmed after the copy was saved: only own_changes knows it once offline.
    expect(await call(rep, 'organizations.update', { id: orgId, name: 'History Bistro' })).toMatchObject({ ok: true });
    await waitFor(() => settled(rep), 'the second rename to be confirmed');
    await t.stop();
    expect(await call(rep, 'organizations.update', { id: orgId, city: 'Offline Town' })).toMatchObject({ ok: true });
    await waitFor(() => state(rep) === 'offline', 'the offline status');

    const answer = await call(rep, 'records.history', { table: 'organizations', id: orgId });
    expect(answer).toMatchObject({ ok: true, value: { source: 'saved', reason: 'this computer is offline' } });
    expect(answer.value.entries.map((e: { new_values: { name?: string } }) => e.new_values.name)).toEqual(['History Cafe & Bar', 'History Cafe']);
    expect(answer.value.own_changes).toMatchObject([{ op: 'update', changes: { name: 'History Bistro' } }]);
    const detail = await call(rep, 'records.detail', { table: 'organizations', id: orgId });
    expect(detail.value.pending).toMatchObject([{ op: 'update', changes: { city: 'Offline Town' } }]);

    await t.restart();
    await waitFor(() => settled(rep), 'the offline edit to land', 30_000);
    const back = await call(rep, 'records.history', { table: 'organizations', id: orgId });
    expect(back.value.source).toBe('server');
    expect(back.value.entries.map((e: { changed_fields: string[] }) => e.changed_fields)).toEqual([['city'], ['name'], ['name'], expect.any(Array)]);
  }, 60_000);

  it('pages with next_cursor, online and then from the saved pages offline', async () => {
    const walk = async () => {
      const seen: string[][] = [];
      let before: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await call(rep, 'records.history', { table: 'organizations', id: orgId, limit: 2, ...(before ? { before } : {}) });
        expect(page.ok, JSON.stringify(page.error)).toBe(true);
        seen.push(page.value.entries.map((e: { changed_fields: string[] }) => e.changed_fields.join('+')));
        before = page.value.next_cursor ?? undefined;
        if (!before) return { seen, source: page.value.source };
      }
      throw new Error('more pages than entries');
    };
    const online = await walk();
    expect(online.source).toBe('server');
    expect(online.seen.flat()).toHaveLength(4);
    expect(online.seen.slice(0, 2).map((p) => p.length)).toEqual([2, 2]);
    await t.stop();
    await waitFor(() => state(rep) === 'offline', 'the offline status');
    const offline = await walk();
    expect(offline).toEqual({ seen: online.seen, source: 'saved' });
    await t.restart();
    await waitFor(() => state(rep) === 'up_to_date', 'the way back online', 30_000);
  }, 60_000);

  it('a local workspace has no server history; bad input is refused naming the field', async () => {
    const local = await newRuntime();
    const created = await call(local, 'organizations.create', { name: 'Local Deli' });
    const answer = await call(local, 'records.history', { table: 'organizations', id: created.value.id });
    expect(answer).toMatchObject({ ok: true, value: { source: 'local', entries: [] } });
    const bad = await call(rep, 'records.history', { table: 'audit_log', id: orgId });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(bad.error)).toContain('table');
    const badId = await call(rep, 'records.history', { table: 'organizations', id: 'nope' });
    expect(JSON.stringify(badId.error)).toContain('id');
  });
});
