/**
 * The desktop core at run time: the current account's replica, its live
 * queries, its sync client (server accounts), and the event stream the UI
 * listens to. Electron's main process and the dev host both start exactly
 * this; neither knows about SQLite.
 *
 * Accounts: the first run creates a local account (works with no server).
 * Signing in to a server adds a server account with its own replica and
 * switches to it; the local account's data stays in its own file.
 */
import path from 'node:path';
import type { MemberRole } from '../../../sync/schema/index.ts';
import type { CoreEvent, LocalSyncStatus } from '../../ipc/contract/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError } from '../errors.ts';
import { LiveQueries } from '../live/live-queries.ts';
import { prepareSignOut } from '../commands/sign-out.ts';
import { newLocalAccount, readAccounts, writeAccounts, type Account } from './accounts.ts';
import { workspaceAdmin, type WorkspaceAdmin } from './admin.ts';
import { recordHistoryReader, type RecordHistory, type RecordHistoryInput } from './history.ts';
import { loadDevice, saveDeviceName } from './device.ts';
import { DOWNLOAD_ORDER } from './download-order.ts';
import { forgetWipedAccount } from './wipe-account.ts';
import { signInError } from './sign-in-errors.ts';
import {
  ensurePrivateDir,
  FileTokenStore,
  Replica,
  ServerApi,
  SyncClient,
  uuidv7,
  type SyncStatus,
  type TokenStore,
} from './sync-deps.ts';

/**
 * What the core tells the UI: the channel contract's CoreEvent, so the sync
 * client's status must fit the contract's schema or this file does not compile.
 * A local account has nothing to sync; it reports how many changes it keeps.
 */
export type RuntimeEvent = CoreEvent;
export type LocalStatus = LocalSyncStatus;

export interface SignInInput {
  server_url: string;
  email: string;
  password: string;
  workspace_id?: string | undefined;
  /** Accepts an admin's invitation to a workspace at this sign-in. */
  invitation_code?: string | undefined;
  /** Sets the password of an account that has none yet (new through an invitation, or a one-time password). */
  new_password?: string | undefined;
}

export interface CoreRuntime {
  account: Account;
  ctx: CoreContext;
  live: LiveQueries;
  syncStatus(): SyncStatus | LocalStatus;
  /** The signed-in user's role in the workspace, as the replica last heard it (null before the first sync). */
  role(): MemberRole | null;
  /** This installation's device id (what the server lists under Devices). */
  deviceId: string;
  /** This installation's name in the server's device list ("elena on laptop-7" unless chosen). */
  deviceName(): string;
  /**
   * Names this computer as admins will see it. Saved here at once; sent to the
   * open server account now when it can be reached, else at its next start or
   * sign-in. `on_server` says which.
   */
  renameDevice(name: string): Promise<{ id: string; name: string; on_server: boolean }>;
  /** Members, devices, refused changes and sync health, through the server (owners and admins). */
  admin: WorkspaceAdmin;
  /** A record's history: from the server when it answers (and saved), else the saved copy and own changes. */
  history(input: RecordHistoryInput): Promise<RecordHistory>;
  signIn(input: SignInInput): Promise<Account>;
  /** Back to the local account; refuses with the count while changes are unsynced, unless discarded. */
  signOut(unsynced: 'refuse' | 'discard'): Promise<Account>;
  /** Every account kept on this computer (the local workspace and each server account signed in to). */
  accounts(): Promise<Account[]>;
  /**
   * Makes another kept account the current one. Nothing is lost: each account keeps its own
   * replica and outbox, so unsynced changes wait in theirs and push when it is current again.
   */
  switchAccount(id: string): Promise<Account>;
  /** Every committed change, by table, and sync status changes, for the UI. */
  subscribe(listener: (event: RuntimeEvent) => void): () => void;
  close(): void;
}

export interface RuntimeOptions {
  dataDir: string;
  clock?: () => Date;
  tokenStore?: TokenStore;
  appVersion?: string;
}

/**
 * A local account's replica has no server to deliver its workspace, user and
 * membership rows, so they are written once through the same server-apply path.
 */
function ensureLocalIdentity(replica: Replica, a: Account): void {
  if (replica.getRow('workspaces', a.workspace_id)) return;
  const stamp = { created_at: a.created_at, updated_at: a.created_at, deleted_at: null };
  replica.fromServer.applyChanges('workspaces', [
    { op: 'insert', row: { id: a.workspace_id, name: a.workspace_name, ...stamp } },
  ]);
  replica.fromServer.applyChanges('users', [
    {
      op: 'insert',
      row: { id: a.user_id, email: a.email, display_name: a.display_name, disabled_at: null },
    },
  ]);
  replica.fromServer.applyChanges('workspace_members', [
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

export async function openRuntime(opts: RuntimeOptions): Promise<CoreRuntime> {
  const now = opts.clock ?? (() => new Date());
  const dataDir = opts.dataDir;
  // Only this user may read what the core keeps (private-files.ts): replicas, tokens, device identity.
  for (const dir of [dataDir, path.join(dataDir, 'accounts'), path.join(dataDir, 'tokens')])
    ensurePrivateDir(dir);
  const tokens = opts.tokenStore ?? new FileTokenStore(path.join(dataDir, 'tokens'));
  const device = await loadDevice(dataDir, opts.appVersion ?? '0.1.0');
  const listeners = new Set<(e: RuntimeEvent) => void>();
  const emit = (e: RuntimeEvent) => {
    for (const l of listeners) l(e);
  };

  let replica: Replica;
  let sync: SyncClient | null = null;
  let stopCommits: () => void = () => {};

  const localStatus = (): LocalStatus => {
    const c = replica.outbox.counts();
    return { state: 'local', pending: c.pending + c.sent + c.applied, rejected: c.rejected };
  };

  const runtime = {} as CoreRuntime;

  async function activate(account: Account): Promise<void> {
    replica = Replica.open(path.join(dataDir, account.db_file), {
      actorId: account.user_id,
      clock: now,
    });
    if (account.kind === 'local') ensureLocalIdentity(replica, account);
    runtime.account = account;
    runtime.ctx = { replica, workspaceId: account.workspace_id, userId: account.user_id };
    runtime.live = new LiveQueries(runtime.ctx);
    stopCommits = replica.onCommit((e) => {
      emit({ type: 'changed', tables: [...e.tables] });
      if (e.tables.has('outbox') && !sync) emit({ type: 'sync', status: localStatus() });
    });
    const token = account.kind === 'server' ? await tokens.load(account.id) : null;
    if (account.kind === 'server' && account.server_url && token) {
      sync = new SyncClient({
        replica,
        serverUrl: account.server_url,
        token,
        downloadOrder: DOWNLOAD_ORDER,
        onStatus: (status) => emit({ type: 'sync', status }),
        onWiped: () => void wiped(account),
      });
      sync.start();
      if (device.unsent) void sendDeviceName(account.server_url, token);
    }
  }

  /** Tells the server this computer's chosen name; false when it cannot be reached now. */
  async function sendDeviceName(serverUrl: string, token: string): Promise<boolean> {
    const name = device.name;
    try {
      await new ServerApi(serverUrl).renameDevice(token, name, AbortSignal.timeout(10_000));
    } catch {
      return false;
    }
    if (device.name === name) await saveDeviceName(dataDir, device, name, false);
    return true;
  }

  function deactivate(): void {
    sync?.stop();
    sync = null;
    stopCommits();
    runtime.live?.close();
    replica?.close();
  }

  /** An admin revoked and wiped this device: forget the account, back to the local workspace. */
  async function wiped(account: Account): Promise<void> {
    if (runtime.account.id !== account.id) return;
    deactivate();
    await forgetWipedAccount(dataDir, account, tokens);
    const file = await readAccounts(dataDir);
    await switchTo(file.accounts.find((a) => a.kind === 'local') ?? newLocalAccount(now()));
  }

  async function switchTo(account: Account): Promise<void> {
    deactivate();
    const file = await readAccounts(dataDir);
    const others = file.accounts.filter((a) => a.id !== account.id);
    await writeAccounts(dataDir, {
      version: 1,
      current: account.id,
      accounts: [...others, account],
    });
    await activate(account);
    emit({ type: 'changed', tables: ['*'] });
    emit({ type: 'sync', status: runtime.syncStatus() });
  }

  runtime.syncStatus = () =>
    sync?.status() ??
    (runtime.account.kind === 'server'
      ? {
          state: 'signed_out',
          pending: localStatus().pending,
          rejected: localStatus().rejected,
          reason: 'sign in again to sync',
        }
      : localStatus());

  runtime.role = () => {
    const row = replica
      .stmt(
        'SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL',
      )
      .get(runtime.account.workspace_id, runtime.account.user_id) as
      { role: MemberRole } | undefined;
    return row?.role ?? null;
  };

  runtime.deviceId = device.id;
  runtime.deviceName = () => device.name;
  runtime.renameDevice = async (name) => {
    await saveDeviceName(dataDir, device, name, true);
    const account = runtime.account;
    const token = account.kind === 'server' && account.server_url ? await tokens.load(account.id) : null;
    const onServer = token && account.server_url ? await sendDeviceName(account.server_url, token) : false;
    return { id: device.id, name: device.name, on_server: onServer };
  };
  runtime.admin = workspaceAdmin({
    account: () => runtime.account,
    token: (id) => tokens.load(id),
  });

  runtime.history = recordHistoryReader({
    account: () => runtime.account,
    token: (id) => tokens.load(id),
    replica: () => replica,
    syncState: () => (sync ? sync.status().state : 'local'),
    now,
  });

  runtime.signIn = async (input) => {
    const api = new ServerApi(input.server_url);
    let answer;
    try {
      answer = await api.login({
        email: input.email,
        password: input.password,
        device: { id: device.id, name: device.name, platform: device.platform, app_version: device.app_version },
        ...(input.workspace_id ? { workspace_id: input.workspace_id } : {}),
        ...(input.invitation_code ? { invitation_code: input.invitation_code } : {}),
        ...(input.new_password ? { new_password: input.new_password } : {}),
      });
    } catch (err) {
      throw signInError(err, input.server_url);
    }
    // The sign-in carried this computer's name.
    if (device.unsent) await saveDeviceName(dataDir, device, device.name, false);
    const file = await readAccounts(dataDir);
    const existing = file.accounts.find(
      (a) =>
        a.kind === 'server' &&
        a.server_url === input.server_url &&
        a.user_id === answer.user.id &&
        a.workspace_id === answer.workspace.id,
    );
    const id = existing?.id ?? uuidv7();
    const account: Account = {
      id,
      kind: 'server',
      server_url: input.server_url,
      user_id: answer.user.id,
      email: answer.user.email,
      display_name: answer.user.display_name,
      workspace_id: answer.workspace.id,
      workspace_name: answer.workspace.name,
      db_file: existing?.db_file ?? `accounts/${id}.sqlite`,
      created_at: existing?.created_at ?? now().toISOString(),
    };
    await tokens.save(id, answer.token);
    await switchTo(account);
    return account;
  };

  runtime.signOut = async (unsynced) => {
    if (runtime.account.kind === 'local')
      throw new CommandError(
        'invalid_state',
        'this is the local workspace: there is nothing to sign out of',
      );
    prepareSignOut(runtime.ctx, { unsynced });
    const token = await tokens.load(runtime.account.id);
    if (token && runtime.account.server_url)
      await new ServerApi(runtime.account.server_url).logout(token).catch(() => undefined);
    await tokens.clear(runtime.account.id);
    const file = await readAccounts(dataDir);
    await switchTo(file.accounts.find((a) => a.kind === 'local') ?? newLocalAccount(now()));
    return runtime.account;
  };

  runtime.accounts = async () => (await readAccounts(dataDir)).accounts;

  runtime.switchAccount = async (id) => {
    if (id === runtime.account.id) return runtime.account;
    const target = (await readAccounts(dataDir)).accounts.find((a) => a.id === id);
    if (!target)
      throw new CommandError('not_found', 'that account is no longer kept on this computer');
    await switchTo(target);
    return runtime.account;
  };

  runtime.subscribe = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  runtime.close = () => deactivate();

  const file = await readAccounts(dataDir);
  let current = file.accounts.find((a) => a.id === file.current);
  if (!current) {
    current = file.accounts.find((a) => a.kind === 'local') ?? newLocalAccount(now());
    await writeAccounts(dataDir, {
      version: 1,
      current: current.id,
      accounts: [...file.accounts.filter((a) => a.id !== current!.id), current],
    });
  }
  await activate(current);
  return runtime;
}
