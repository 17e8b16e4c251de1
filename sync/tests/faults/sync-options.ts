/**
 * SyncClient settings for fault tests, shared by in-process clients and the
 * child-process client: retries quick enough that a healed fault is over in
 * well under a second (production waits up to 30 s between attempts).
 */
import type { Replica } from '../../client/replica/index.ts';
import type { SyncClientOptions } from '../../client/server-link/sync-client.ts';

export function quickSyncOptions(replica: Replica, serverUrl: string, token: string): SyncClientOptions {
  return { replica, serverUrl, token, restartDelayMs: 100, pushBaseDelayMs: 50, maxRetryDelayMs: 400 };
}
