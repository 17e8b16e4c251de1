/**
 * An in-process desktop client for fault tests: a replica file, a SyncClient
 * that reaches the server through its own FaultProxy (so faults hit this
 * client only), the WriteLedger of everything it wrote, and a restart that
 * closes and reopens the same file with the same sign-in (what relaunching the
 * app does). Kill -9 needs a real process: see client-process.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Replica, type LocalMutation } from '../../client/replica/index.ts';
import { SyncClient } from '../../client/server-link/sync-client.ts';
import { login } from '../../server/testing/test-server.ts';
import { FaultProxy } from './fault-proxy.ts';
import type { ClientUnderTest } from './invariants.ts';
import { quickSyncOptions } from './sync-options.ts';
import { WriteLedger } from './write-ledger.ts';

export interface Session {
  token: string;
  userId: string;
  deviceId: string;
  workspaceId: string;
}

export interface FaultClient extends ClientUnderTest {
  proxy: FaultProxy;
  sync: SyncClient;
  session: Session;
  file: string;
  /** True once every table was up to date in this run and no outbox entry is in play. */
  settled(): boolean;
  /** Stops syncing and closes the replica (the app quits). */
  stop(): void;
  /** Reopens the same file and syncs again (the app starts). */
  start(): void;
  restart(): void;
  running(): boolean;
  /** Stops, closes the proxy, removes the file. */
  cleanup(): Promise<void>;
}

/** Signs in directly (not through the proxy: sign-in is not what these tests break). */
export async function signIn(serverUrl: string, email: string): Promise<Session> {
  const s = await login(serverUrl, email);
  return { token: s.token, userId: s.body.user.id, deviceId: s.deviceId, workspaceId: s.body.workspace.id };
}

/** `clock`: the device's clock (a computer whose clock is wrong); the real one by default. */
export async function startFaultClient(
  serverUrl: string,
  email: string,
  label: string,
  options: { clock?: () => Date } = {},
): Promise<FaultClient> {
  const session = await signIn(serverUrl, email);
  const proxy = await FaultProxy.start(serverUrl);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantry-fault-client-'));
  const file = path.join(dir, 'replica.sqlite');
  const open = () => Replica.open(file, { actorId: session.userId, ...(options.clock ? { clock: options.clock } : {}) });
  const newSync = (replica: Replica) => new SyncClient(quickSyncOptions(replica, proxy.url, session.token));
  let isRunning = false;
  const c: FaultClient = {
    label,
    proxy,
    session,
    file,
    workspaceId: session.workspaceId,
    deviceId: session.deviceId,
    ledger: new WriteLedger(),
    replica: open(),
    sync: undefined as unknown as SyncClient,
    settled() {
      const n = c.replica.outbox.counts();
      return isRunning && c.sync.allUpToDate && n.pending + n.sent + n.applied === 0;
    },
    stop() {
      if (!isRunning) return;
      c.sync.stop();
      c.replica.close();
      isRunning = false;
    },
    start() {
      if (isRunning) return;
      if (!c.replica.db.open) c.replica = open();
      c.sync = newSync(c.replica);
      c.sync.start();
      isRunning = true;
    },
    restart() {
      c.stop();
      c.start();
    },
    running: () => isRunning,
    async cleanup() {
      c.stop();
      if (c.replica.db.open) c.replica.close();
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  c.start();
  return c;
}

/** A new organization written by the client (the simplest write every fault test needs). */
export function newOrganization(c: Pick<FaultClient, 'workspaceId'>, name: string): LocalMutation {
  return { table: 'organizations', op: 'insert', row_id: randomUUID(), workspace_id: c.workspaceId, changes: { name } };
}
