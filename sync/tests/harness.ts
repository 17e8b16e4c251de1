/**
 * End-to-end sync harness: the real sync server (built-in engine) on a test
 * database, real SQLite replicas in temp files, and SyncClients between them.
 * Lives in sync/tests because it joins both ends of sync (each end alone may
 * not import the other).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Replica } from '../client/replica/index.ts';
import { SyncClient, type SyncClientOptions } from '../client/server-link/sync-client.ts';
import type { SyncStatus } from '../client/server-link/status.ts';
import { login, type TestServer } from '../server/testing/test-server.ts';

export interface TestClient {
  replica: Replica;
  sync: SyncClient;
  statuses: SyncStatus[];
  /** Change messages received over the shape streams since this client started. */
  rowsReceived(): number;
  stop(): void;
  cleanup(): void;
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Opens (or reopens, with `file`) a replica and starts syncing it as the given user. */
export async function startClient(
  t: TestServer,
  email: string,
  opts: { file?: string; token?: string; userId?: string; sync?: Pick<SyncClientOptions, 'downloadOrder' | 'downloadsAtOnce'> } = {},
): Promise<TestClient & { file: string; token: string }> {
  const dir = opts.file ? path.dirname(opts.file) : mkdtempSync(path.join(tmpdir(), 'pantry-client-'));
  const file = opts.file ?? path.join(dir, 'replica.sqlite');
  const session = opts.token ? { token: opts.token, body: { user: { id: opts.userId } } } : await login(t.url, email);
  const replica = Replica.open(file, { actorId: session.body.user.id });
  const statuses: SyncStatus[] = [];
  const sync = new SyncClient({
    replica,
    serverUrl: t.url,
    token: session.token,
    onStatus: (s) => statuses.push(s),
    restartDelayMs: 200,
    pushBaseDelayMs: 100,
    maxRetryDelayMs: 500,
    ...opts.sync,
  });
  sync.start();
  return {
    file,
    token: session.token,
    replica,
    sync,
    statuses,
    rowsReceived: () => statuses.at(-1)?.progress?.rows ?? sync.rowsSeen,
    stop() {
      sync.stop();
    },
    cleanup() {
      sync.stop();
      replica.close();
      if (!opts.file) rmSync(dir, { recursive: true, force: true });
    },
  };
}
