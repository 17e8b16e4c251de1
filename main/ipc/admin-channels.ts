/**
 * The Admin screen's channels (inputs and answers in the contract,
 * main/ipc/contract/admin.ts), served by asking the sync server as the
 * signed-in account (main/core/runtime/admin.ts). Inputs are checked before
 * anything leaves the computer; answers are the server's, already validated by
 * the sync client with the same schemas, and checked again on the way out.
 */
import type { ADMIN_CHANNELS } from './contract/index.ts';
import { failure, type Handlers } from './channel-context.ts';

export const ADMIN_HANDLERS: Handlers<keyof typeof ADMIN_CHANNELS> = {
  'admin.members': async (input, { runtime }) => ({
    members: await runtime.admin.members(input ?? {}).catch(failure),
  }),
  'admin.add_member': async (input, { runtime }) => runtime.admin.addMember(input).catch(failure),
  'admin.set_role': async (input, { runtime }) => ({
    member: await runtime.admin.setRole(input.user_id, input.role).catch(failure),
  }),
  'admin.remove_member': async (input, { runtime }) => ({
    member: await runtime.admin.removeMember(input.user_id).catch(failure),
  }),
  'admin.devices': async (_input, { runtime }) => ({
    devices: await runtime.admin.devices().catch(failure),
  }),
  'admin.revoke_device': async (input, { runtime }) => ({
    device: await runtime.admin.revokeDevice(input.id).catch(failure),
  }),
  'admin.wipe_device': async (input, { runtime }) => ({
    device: await runtime.admin.wipeDevice(input.id).catch(failure),
  }),
  'admin.resync_device': async (input, { runtime }) => ({
    device: await runtime.admin.resyncDevice(input.id).catch(failure),
  }),
  'admin.rejected': async (input, { runtime }) => runtime.admin.rejected(input ?? {}).catch(failure),
  'admin.sync_health': async (_input, { runtime }) => runtime.admin.syncHealth().catch(failure),
};
