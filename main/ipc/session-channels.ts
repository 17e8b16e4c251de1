/**
 * The session's channels (contract: main/ipc/contract/session.ts) and
 * `sync.status`: which account is open, signing in and out, switching
 * accounts; `app.info` for the UI's start.
 */
import { QUERIES, type CoreRuntime } from '../core/index.ts';
import type { AccountInfo, SESSION_CHANNELS, SYNC_CHANNELS } from './contract/index.ts';
import { failure, type Handlers } from './channel-context.ts';

/** An account as the UI sees it: no token, no file names. */
function describe(a: CoreRuntime['account']): AccountInfo {
  return {
    id: a.id,
    kind: a.kind,
    ...(a.server_url ? { server_url: a.server_url } : {}),
    email: a.email,
    display_name: a.display_name,
    workspace_id: a.workspace_id,
    workspace_name: a.workspace_name,
  };
}

export const SESSION_HANDLERS: Handlers<
  keyof typeof SESSION_CHANNELS | keyof typeof SYNC_CHANNELS
> = {
  'app.info': (_input, { runtime }) => ({
    account: describe(runtime.account),
    role: runtime.role(),
    user_id: runtime.ctx.userId,
    device_id: runtime.deviceId,
    device_name: runtime.deviceName(),
    query_tables: Object.fromEntries(
      Object.entries(QUERIES).map(([name, q]) => [name, [...q.tables]]),
    ),
  }),
  'session.sign_in': async (input, { runtime }) =>
    describe(await runtime.signIn(input).catch(failure)),
  'session.sign_out': async (input, { runtime }) =>
    describe(await runtime.signOut(input.unsynced).catch(failure)),
  'session.accounts': async (_input, { runtime }) => (await runtime.accounts()).map(describe),
  'session.switch': async (input, { runtime }) =>
    describe(await runtime.switchAccount(input.account_id).catch(failure)),
  'device.rename': async (input, { runtime }) => runtime.renameDevice(input.name).catch(failure),
  'sync.status': (_input, { runtime }) => ({ ...runtime.syncStatus() }),
};
