/**
 * The admin client: what the Admin screen asks of the sync server, through
 * channels the desktop core forwards to its admin API (main/ipc/admin-channels.ts
 * -> main/core/runtime/admin.ts -> sync/server/admin/*). Their answers are the
 * server routes' JSON bodies:
 *   admin.members        { include_removed? }                      -> { members: AdminMember[] }
 *   admin.add_member     { email, role, display_name? }            -> AddedMember
 *   admin.set_role       { user_id, role }                         -> { member: AdminMember }
 *   admin.remove_member  { user_id }                               -> { member: AdminMember }
 *   admin.devices        {}                                        -> { devices: AdminDevice[] }
 *   admin.revoke_device  { id }                                    -> { device: AdminDevice }
 *   admin.wipe_device    { id }  (revoke and wipe)                 -> { device: AdminDevice }
 *   admin.resync_device  { id }                                    -> { device: AdminDevice }
 *   admin.rejected       { user_id?, device_id?, before?, limit? } -> { rejected: AdminRejectedMutation[] }
 *   admin.sync_health    {}                                        -> SyncHealth
 * Refusals come back with stable codes: forbidden (not an owner or admin),
 * invalid_state (a local workspace), offline, signed_out, refused (the
 * server's reason in the message: already a member, last owner).
 */
import type { MemberRole } from '../../../sync/schema/index.ts';
import { invoke } from './transport.ts';

export interface AdminMember {
  member_id: string;
  user_id: string;
  email: string;
  display_name: string;
  role: MemberRole;
  created_at: string;
  removed_at: string | null;
  disabled_at: string | null;
}

export interface AdminDevice {
  id: string;
  name: string | null;
  platform: string | null;
  app_version: string | null;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  resync_requested_at: string | null;
  wipe_requested_at: string | null;
  user: { id: string; email: string | null; display_name: string | null } | null;
  last_mutation_at: string | null;
  mutations_applied: number;
  mutations_rejected: number;
  live_shape_requests: number;
}

export interface AdminRejectedMutation {
  device_id: string;
  mutation_id: string;
  user_id: string | null;
  table_name: string;
  op: string;
  row_id: string;
  changes: Record<string, unknown> | null;
  code: string;
  message: string;
  field: string | null;
  client_created_at: string;
  received_at: string;
}

export interface SyncHealth {
  replication_slots: {
    slot_name: string;
    slot_type: string;
    active: boolean;
    lag_bytes: number | null;
  }[];
  mutations_per_minute: number;
  rejected_per_minute: number;
  connected_devices: number;
  live_shape_requests: number;
  shape_backend: 'built-in' | 'electric-proxy';
  /** null until the shape engine reports statistics. */
  shapes: unknown;
}

/** An invitation to join; its code is shown only this once. */
export interface AddedMember {
  invitation: { id: string; email: string; display_name: string; role: MemberRole; expires_at: string };
  invitation_code: string;
}

export interface AdminClient {
  members(input?: { include_removed?: boolean }): Promise<AdminMember[]>;
  addMember(input: {
    email: string;
    role: MemberRole;
    display_name?: string;
  }): Promise<AddedMember>;
  setRole(userId: string, role: MemberRole): Promise<AdminMember>;
  removeMember(userId: string): Promise<AdminMember>;
  devices(): Promise<AdminDevice[]>;
  revokeDevice(id: string): Promise<AdminDevice>;
  /** Revoke, and the device deletes this workspace's data at its next contact. */
  wipeDevice(id: string): Promise<AdminDevice>;
  resyncDevice(id: string): Promise<AdminDevice>;
  rejected(input?: {
    user_id?: string;
    device_id?: string;
    before?: string;
    limit?: number;
  }): Promise<AdminRejectedMutation[]>;
  syncHealth(): Promise<SyncHealth>;
}

function unwrap<T>(value: unknown, key: string): T {
  return (value as Record<string, T>)[key]!;
}

export const adminClient: AdminClient = {
  members: async (input = {}) => unwrap(await invoke('admin.members', input), 'members'),
  addMember: async (input) => invoke<AddedMember>('admin.add_member', input),
  setRole: async (user_id, role) =>
    unwrap(await invoke('admin.set_role', { user_id, role }), 'member'),
  removeMember: async (user_id) =>
    unwrap(await invoke('admin.remove_member', { user_id }), 'member'),
  devices: async () => unwrap(await invoke('admin.devices', {}), 'devices'),
  revokeDevice: async (id) => unwrap(await invoke('admin.revoke_device', { id }), 'device'),
  wipeDevice: async (id) => unwrap(await invoke('admin.wipe_device', { id }), 'device'),
  resyncDevice: async (id) => unwrap(await invoke('admin.resync_device', { id }), 'device'),
  rejected: async (input = {}) => unwrap(await invoke('admin.rejected', input), 'rejected'),
  syncHealth: async () => invoke<SyncHealth>('admin.sync_health', {}),
};
