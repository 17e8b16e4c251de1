/**
 * The workspace's administration (members, devices, refused changes, sync
 * health), asked of the sync server with the current server account's token.
 * The server decides who may (owners and admins, checked again in
 * PostgreSQL); here its refusals become CommandErrors a person understands.
 * A local account has no server, so every call says to sign in to one.
 */
import type { MemberRole } from '../../../sync/schema/index.ts';
import { CommandError, fieldErrors } from '../errors.ts';
import type { Account } from './accounts.ts';
import {
  ServerApi, SyncHttpError,
  type AddedMember, type AdminDevice, type AdminMember, type AdminRejectedMutation, type RejectedFilter, type RejectedPage, type SyncHealth,
} from './sync-deps.ts';

export type { AddedMember, AdminDevice, AdminMember, AdminRejectedMutation, RejectedFilter, RejectedPage, SyncHealth };

export interface WorkspaceAdmin {
  members(opts?: { include_removed?: boolean }): Promise<AdminMember[]>;
  addMember(input: { email: string; role: MemberRole; display_name?: string }): Promise<AddedMember>;
  setRole(userId: string, role: MemberRole): Promise<AdminMember>;
  removeMember(userId: string): Promise<AdminMember>;
  devices(): Promise<AdminDevice[]>;
  revokeDevice(id: string): Promise<AdminDevice>;
  /** Revoke and wipe: the device also deletes this account's data at its next contact. */
  wipeDevice(id: string): Promise<AdminDevice>;
  resyncDevice(id: string): Promise<AdminDevice>;
  rejected(filter?: RejectedFilter): Promise<RejectedPage>;
  syncHealth(): Promise<SyncHealth>;
}

export interface AdminDeps {
  account(): Account;
  token(accountId: string): Promise<string | null>;
}

/** The server's generic refusal; replaced by a sentence naming what the person tried to do. */
const GENERIC_FORBIDDEN = /may use the admin API/;

/** A SyncHttpError from an admin route, as the error the UI shows; `what` completes "only owners and admins can ...". */
function adminError(err: unknown, what: string): unknown {
  if (!(err instanceof SyncHttpError)) return err;
  if (err.offline) return new CommandError('offline', `the server cannot be reached, so you cannot ${what} right now: try again when you are online`);
  if (err.status === 401) return new CommandError('signed_out', 'the server no longer accepts this sign-in: sign in again');
  if (err.status === 403) {
    return new CommandError('forbidden', GENERIC_FORBIDDEN.test(err.message) ? `only owners and admins can ${what}` : err.message);
  }
  if (err.status === 404) return new CommandError('not_found', err.message);
  if (err.status === 409) return new CommandError('refused', err.message);
  if (err.status === 400) return fieldErrors([{ field: err.field ?? 'input', message: err.message }]);
  return new CommandError('refused', `the server could not ${what}: ${err.message}`);
}

export function workspaceAdmin(deps: AdminDeps): WorkspaceAdmin {
  /** Runs one admin request as the signed-in server account. */
  async function asAdmin<T>(what: string, fn: (api: ServerApi, token: string) => Promise<T>): Promise<T> {
    const account = deps.account();
    if (account.kind !== 'server' || !account.server_url) {
      throw new CommandError('invalid_state', `sign in to a server to ${what}: this is a local workspace, on this computer only`);
    }
    const token = await deps.token(account.id);
    if (!token) throw new CommandError('signed_out', `sign in again to ${what}`);
    try {
      return await fn(new ServerApi(account.server_url), token);
    } catch (err) {
      throw adminError(err, what);
    }
  }

  return {
    members: (opts = {}) => asAdmin('see the members', (api, t) => api.members(t, opts)),
    addMember: (input) => asAdmin('add members', (api, t) => api.addMember(t, input)),
    setRole: (userId, role) => asAdmin('change roles', (api, t) => api.setMemberRole(t, userId, role)),
    removeMember: (userId) => asAdmin('remove members', (api, t) => api.removeMember(t, userId)),
    devices: () => asAdmin('see the devices', (api, t) => api.devices(t)),
    revokeDevice: (id) => asAdmin('revoke devices', (api, t) => api.deviceAction(t, id, 'revoke')),
    wipeDevice: (id) => asAdmin('revoke and wipe devices', (api, t) => api.deviceAction(t, id, 'wipe')),
    resyncDevice: (id) => asAdmin('force a resync', (api, t) => api.deviceAction(t, id, 'resync')),
    rejected: (filter = {}) => asAdmin("see the team's refused changes", (api, t) => api.rejectedMutations(t, filter)),
    syncHealth: () => asAdmin('see sync health', (api, t) => api.syncHealth(t)),
  };
}
