/**
 * The desktop core at run time: the current account's replica, its live
 * queries and the event stream the UI listens to. Electron's main process and
 * the dev host both start exactly this; neither knows about SQLite.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Replica, uuidv7 } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { LiveQueries } from '../live/live-queries.ts';
import { newLocalAccount, readAccounts, writeAccounts, type Account } from './accounts.ts';

export interface RuntimeEvent {
  type: 'changed';
  tables: string[];
}

export interface CoreRuntime {
  account: Account;
  ctx: CoreContext;
  live: LiveQueries;
  /** Every committed change, by table, for the UI's live queries. */
  subscribe(listener: (event: RuntimeEvent) => void): () => void;
  close(): void;
}

/**
 * A local account's replica has no server to deliver its workspace, user and
 * membership rows, so they are written once through the same server-apply path.
 */
function ensureLocalIdentity(replica: Replica, a: Account): void {
  if (replica.getRow('workspaces', a.workspace_id)) return;
  const stamp = { created_at: a.created_at, updated_at: a.created_at, deleted_at: null };
  replica.server.applyChanges('workspaces', [
    { op: 'insert', row: { id: a.workspace_id, name: a.workspace_name, ...stamp } },
  ]);
  replica.server.applyChanges('users', [
    {
      op: 'insert',
      row: { id: a.user_id, email: a.email, display_name: a.display_name, disabled_at: null },
    },
  ]);
  replica.server.applyChanges('workspace_members', [
    {
      op: 'insert',
      row: {
        id: uuidv7(),
        workspace_id: a.workspace_id,
        user_id: a.user_id,
        role: 'owner',
        ...stamp,
      },
    },
  ]);
}

export async function openRuntime(opts: {
  dataDir: string;
  clock?: () => Date;
}): Promise<CoreRuntime> {
  const now = opts.clock ?? (() => new Date());
  await mkdir(path.join(opts.dataDir, 'accounts'), { recursive: true });
  const file = await readAccounts(opts.dataDir);
  let current = file.accounts.find((a) => a.id === file.current);
  if (!current) {
    current = newLocalAccount(now());
    await writeAccounts(opts.dataDir, {
      version: 1,
      current: current.id,
      accounts: [...file.accounts, current],
    });
  }
  const replica = Replica.open(path.join(opts.dataDir, current.db_file), {
    actorId: current.user_id,
    clock: now,
  });
  if (current.kind === 'local') ensureLocalIdentity(replica, current);
  const ctx: CoreContext = { replica, workspaceId: current.workspace_id, userId: current.user_id };
  const live = new LiveQueries(ctx);
  const listeners = new Set<(e: RuntimeEvent) => void>();
  const stop = replica.onCommit((e) => {
    const event: RuntimeEvent = { type: 'changed', tables: [...e.tables] };
    for (const l of listeners) l(event);
  });
  return {
    account: current,
    ctx,
    live,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      stop();
      live.close();
      replica.close();
    },
  };
}
