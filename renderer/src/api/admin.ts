/**
 * The admin client: what the Admin screen asks of the sync server, through
 * channels the desktop core forwards to its admin API (main/ipc/admin-channels.ts
 * -> main/core/runtime/admin.ts -> sync/server/admin/*); inputs and answers are
 * the channel contract's (main/ipc/contract/admin.ts):
 *   admin.members        { include_removed? }                      -> { members: AdminMember[] }
 *   admin.add_member     { email, role, display_name? }            -> AddedMember
 *   admin.set_role       { user_id, role }                         -> { member: AdminMember }
 *   admin.remove_member  { user_id }                               -> { member: AdminMember }
 *   admin.devices        {}                                        -> { devices: AdminDevice[] }
 *   admin.revoke_device  { id }                                    -> { device: AdminDevice }
 *   admin.wipe_device    { id }  (revoke and wipe)                 -> { device: AdminDevice }
 *   admin.resync_device  { id }                                    -> { device: AdminDevice }
 *   admin.rejected       { user_id?, device_id?, before?, before_id?, limit? } -> { rejected: AdminRejectedMutation[], next }
 *   admin.sync_health    {}                                        -> SyncHealth
 * Refusals come back with stable codes: forbidden (not an owner or admin),
 * invalid_state (a local workspace), offline, signed_out, refused (the
 * server's reason in the message: already a member, last owner).
 */
import type {
  AddedMember,
  AdminDevice,
  AdminMember,
  AdminRejectedMutation,
  ChannelInput,
  ChannelOutput,
  SyncHealth,
} from '../../../main/ipc/contract/index.ts';
import type { MemberRole } from '../../../sync/schema/index.ts';
import { invoke } from './transport.ts';

export type { AddedMember, AdminDevice, AdminMember, AdminRejectedMutation, SyncHealth };
/** A page of refused changes; `next` is the input of the page after it (null on the last). */
export type RejectedPage = ChannelOutput<'admin.rejected'>;

export interface AdminClient {
  members(input?: { include_removed?: boolean }): Promise<AdminMember[]>;
  addMember(input: ChannelInput<'admin.add_member'>): Promise<AddedMember>;
  setRole(userId: string, role: MemberRole): Promise<AdminMember>;
  removeMember(userId: string): Promise<AdminMember>;
  devices(): Promise<AdminDevice[]>;
  revokeDevice(id: string): Promise<AdminDevice>;
  /** Revoke, and the device deletes this workspace's data at its next contact. */
  wipeDevice(id: string): Promise<AdminDevice>;
  resyncDevice(id: string): Promise<AdminDevice>;
  rejected(input?: ChannelInput<'admin.rejected'>): Promise<RejectedPage>;
  syncHealth(): Promise<SyncHealth>;
}

export const adminClient: AdminClient = {
  members: async (input = {}) => (await invoke('admin.members', input)).members,
  addMember: async (input) => invoke('admin.add_member', input),
  setRole: async (user_id, role) => (await invoke('admin.set_role', { user_id, role })).member,
  removeMember: async (user_id) => (await invoke('admin.remove_member', { user_id })).member,
  devices: async () => (await invoke('admin.devices', {})).devices,
  revokeDevice: async (id) => (await invoke('admin.revoke_device', { id })).device,
  wipeDevice: async (id) => (await invoke('admin.wipe_device', { id })).device,
  resyncDevice: async (id) => (await invoke('admin.resync_device', { id })).device,
  rejected: async (input = {}) => invoke('admin.rejected', input),
  syncHealth: async () => invoke('admin.sync_health', {}),
};
