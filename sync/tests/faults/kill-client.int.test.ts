/**
 * kill -9 of a desktop client process, against the real server: during a push
 * (the proxy holds the request, so the kill lands before the server heard it,
 * or after the server applied it but before the client heard), during a
 * shape apply (inside the transaction swapping a large initial snapshot in),
 * and in the middle of a streamed refetch (part of the snapshot staged and
 * committed, the rest not downloaded yet). A fresh process then reopens the
 * same replica file and syncs: nothing applied twice (the server is
 * idempotent per device + mutation id), nothing lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { Replica } from '../../client/replica/index.ts';
import { call, createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { startClientProcess } from './client-process-control.ts';
import type { ClientProcessConfig } from './client-process.ts';
import { signIn, type Session } from './fault-client.ts';
import { FaultProxy } from './fault-proxy.ts';
import { assertInvariants } from './invariants.ts';
import { WriteLedger, type LedgerEntry } from './write-ledger.ts';

let t: TestServer;
let a: LoginTenant;
const dirs: string[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'killed');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await t.close();
});

interface Scenario {
  session: Session;
  proxy: FaultProxy;
  file: string;
  ledger: WriteLedger;
}

async function scenario(email: string): Promise<Scenario> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantry-killed-client-'));
  dirs.push(dir);
  const proxy = await FaultProxy.start(t.url);
  proxies.push(proxy);
  return { session: await signIn(t.url, email), proxy, file: path.join(dir, 'replica.sqlite'), ledger: new WriteLedger() };
}

function processConfig(s: Scenario, extra: Omit<ClientProcessConfig, 'file' | 'serverUrl' | 'token' | 'actorId' | 'workspaceId'> = {}) {
  return { file: s.file, serverUrl: s.proxy.url, token: s.session.token, actorId: s.session.userId, workspaceId: s.session.workspaceId, ...extra };
}

/** A fresh process on the same file syncs to the end; then the invariants, read from that file. */
async function recoverAndCheck(s: Scenario, label: string): Promise<void> {
  const again = startClientProcess(processConfig(s));
  await again.next('settled').catch((err: Error) => {
    throw new Error(`${label}: ${err.message}\noutbox: ${JSON.stringify(outboxOf(s))} ${debugOutbox(s)}\nproxy: ${JSON.stringify(s.proxy.requests.map((r) => [r.method, r.path, r.query.get('table'), r.query.get('live'), r.fault, r.status, r.outcome]))}`);
  });
  expect(await again.exited).toBe(0);
  // "Settled" means the outbox is confirmed, by each write's own table's stream; rows
  // the same transactions changed in other tables (derived ones such as
  // opportunity_principals; audit_log until it left the replica) come on their own
  // streams, which may lag (seen on a loaded machine). One more start catches every stream up to what was
  // committed before it (each table's first up-to-date), and only then is the
  // replica compared with the server.
  const catchUp = startClientProcess(processConfig(s));
  await catchUp.next('settled');
  expect(await catchUp.exited).toBe(0);
  const replica = Replica.open(s.file, { actorId: s.session.userId });
  try {
    expect(replica.checkIntegrity()).toEqual([]);
    await assertInvariants(t.db.pool, [{ label, replica, workspaceId: s.session.workspaceId, deviceId: s.session.deviceId, ledger: s.ledger }]);
  } finally {
    replica.close();
  }
}

function outboxOf(s: Scenario): Record<string, number> {
  const replica = Replica.open(s.file, { readonly: true });
  try {
    return replica.outbox.counts();
  } finally {
    replica.close();
  }
}

function debugOutbox(s: Scenario): string {
  const replica = Replica.open(s.file, { readonly: true });
  try {
    return JSON.stringify({ entries: replica.outbox.entries().map((e) => [e.status, e.txid, e.applied_at]), seen: replica.prepare('SELECT * FROM seen_txids').all(), shape: replica.fromServer.shapeState('organizations') });
  } finally {
    replica.close();
  }
}

function readReplica<T>(s: Scenario, read: (r: Replica) => T): T {
  const replica = Replica.open(s.file, { actorId: s.session.userId });
  try {
    return read(replica);
  } finally {
    replica.close();
  }
}

function count(r: Replica, table: string): number {
  return (r.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

async function logged(deviceId: string): Promise<number> {
  const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE device_id = $1 AND status = 'applied'`, [deviceId]);
  return rows[0].n;
}

const MUTATIONS = { method: 'POST', path: '/v1/mutations' };

describe('kill -9 of a desktop client', () => {
  it('during a push the server never received: the writes are sent again after restart and applied once', async () => {
    const s = await scenario(a.emails.rep);
    s.proxy.addRule({ ...MUTATIONS, action: { kind: 'hold-request' } });
    const p = startClientProcess(processConfig(s, { writes: 5, writeAfterInitialSync: true }));
    s.ledger.record((await p.next('enqueued')).entries as LedgerEntry[]);
    const held = await s.proxy.held();
    await p.kill9();
    held.drop();
    expect(await logged(s.session.deviceId)).toBe(0);
    expect(outboxOf(s)).toMatchObject({ sent: 5, applied: 0 });
    await recoverAndCheck(s, 'killed before the server');
    expect(await logged(s.session.deviceId)).toBe(5);
  });

  it('during a push the server applied but the client never heard: the resend is answered from the log', async () => {
    const s = await scenario(a.emails.manager);
    s.proxy.addRule({ ...MUTATIONS, action: { kind: 'hold-response' } });
    const p = startClientProcess(processConfig(s, { writes: 5, writeAfterInitialSync: true }));
    const entries = (await p.next('enqueued')).entries as LedgerEntry[];
    s.ledger.record(entries);
    const held = await s.proxy.held();
    expect(held.request.status).toBe(200);
    await p.kill9();
    held.drop();
    expect(await logged(s.session.deviceId)).toBe(5);
    expect(outboxOf(s)).toMatchObject({ sent: 5, applied: 0 });
    await recoverAndCheck(s, 'killed after the server');
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'insert' AND record_id = ANY($1::uuid[])`, [entries.map((e) => e.row_id)]);
    expect(rows[0].n).toBe(5);
    expect(s.proxy.requests.filter((r) => r.path === '/v1/mutations' && r.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('during the apply of a large initial snapshot: nothing half-written survives and the next run completes', async () => {
    const big = await createLoginTenant(t.db.pool, 'bulky');
    const g: CrmGraph = await createCrmGraph(t.db.pool, big.workspaceId, big.users.owner);
    await t.db.pool.query(
      `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id)
       SELECT gen_random_uuid(), $1, 'Note', 'bulk note ' || i, $2 FROM generate_series(1, 6000) AS i`,
      [big.workspaceId, g.contactId],
    );
    const s = await scenario(big.emails.rep);
    const p = startClientProcess(processConfig(s, { writes: 3, pauseInReplaceOf: 'interactions' }));
    s.ledger.record((await p.next('enqueued')).entries as LedgerEntry[]);
    const paused = await p.next('paused-in-apply');
    expect(paused.rows).toBe(6001);
    await p.kill9();
    const replica = Replica.open(s.file, { actorId: s.session.userId });
    try {
      // The killed transaction left nothing: no rows, no stream position for the table.
      expect((replica.prepare('SELECT count(*) AS n FROM interactions_synced').get() as { n: number }).n).toBe(0);
      expect(replica.fromServer.shapeState('interactions')).toBeUndefined();
      expect(replica.checkIntegrity()).toEqual([]);
    } finally {
      replica.close();
    }
    await recoverAndCheck(s, 'killed during shape apply');
  });
  it('in the middle of a streamed refetch: the previous rows stay, the staged part is harmless, the next run resumes to the server', async () => {
    const big = await createLoginTenant(t.db.pool, 'streamed');
    const g: CrmGraph = await createCrmGraph(t.db.pool, big.workspaceId, big.users.owner);
    // About 25 MB of interaction messages: several of the server's 2 MiB snapshot chunks, so several batches.
    await t.db.pool.query(
      `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id)
       SELECT gen_random_uuid(), $1, 'Note', 'streamed note ' || i || ' ' || repeat(md5(i::text), 30), $2
       FROM generate_series(1, 20000) AS i`,
      [big.workspaceId, g.contactId],
    );
    const s = await scenario(big.emails.rep);
    // The previous state: a complete first sync.
    const first = startClientProcess(processConfig(s));
    await first.next('settled', 120_000);
    expect(await first.exited).toBe(0);
    const before = readReplica(s, (r) => ({
      rows: count(r, 'interactions_synced'),
      handle: r.fromServer.shapeState('interactions')!.handle,
      changed: r.prepare('SELECT id, notes FROM interactions ORDER BY id LIMIT 1').get() as { id: string; notes: string },
    }));
    expect(before.rows).toBe(20001);

    // The server moves on (a changed note, 50 new rows), and an admin forces this device to download everything again.
    await t.db.pool.query(`UPDATE interactions SET notes = 'changed after the first sync' WHERE id = $1`, [before.changed.id]);
    await t.db.pool.query(
      `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id)
       SELECT gen_random_uuid(), $1, 'Note', 'later note ' || i, $2 FROM generate_series(1, 50) AS i`,
      [big.workspaceId, g.contactId],
    );
    const admin = await login(t.url, big.emails.admin);
    expect((await call(t.url, 'POST', `/v1/admin/devices/${s.session.deviceId}/resync`, { token: admin.token })).status).toBe(200);

    const seenBefore = s.proxy.requests.length;
    const p = startClientProcess(processConfig(s, { writes: 3, pauseInStreamOf: 'interactions', pauseAfterStagedRows: 1 }));
    s.ledger.record((await p.next('enqueued')).entries as LedgerEntry[]);
    const paused = await p.next('paused-in-stream', 120_000);
    await p.kill9();
    const staged = paused.staged as number;
    expect(staged).toBeGreaterThan(0);
    expect(staged).toBeLessThan(20051);
    // While it wrote that first batch, the client had already asked for the next chunk
    // (the ShapeStream's prefetch): download and disk writes overlap.
    const asked = s.proxy.requests.slice(seenBefore).filter((r) => r.path === '/v1/shape' && r.query.get('table') === 'interactions');
    const fromStart = asked.findIndex((r) => r.query.get('offset') === '-1');
    expect(fromStart).toBeGreaterThanOrEqual(0);
    expect(asked.slice(fromStart + 1).filter((r) => r.query.get('live') !== 'true').length).toBeGreaterThanOrEqual(1);

    readReplica(s, (r) => {
      // The replica still shows the previous snapshot, whole, and the stream position that goes with it.
      expect(count(r, 'interactions_synced')).toBe(before.rows);
      expect(r.fromServer.shapeState('interactions')!.handle).toBe(before.handle);
      expect((r.prepare('SELECT notes FROM interactions WHERE id = ?').get(before.changed.id) as { notes: string }).notes).toBe(before.changed.notes);
      // What was staged before the kill is on disk, committed, and read by nothing.
      expect(count(r, 'interactions_staging')).toBe(staged);
      expect(r.checkIntegrity()).toEqual([]);
    });

    await recoverAndCheck(s, 'killed during a streamed refetch');
    readReplica(s, (r) => {
      expect(count(r, 'interactions')).toBe(20051);
      expect((r.prepare('SELECT notes FROM interactions WHERE id = ?').get(before.changed.id) as { notes: string }).notes).toBe('changed after the first sync');
      expect(r.prepare(`SELECT name FROM sqlite_master WHERE name = 'interactions_staging'`).get()).toBeUndefined();
    });
  }, 300_000);
});
