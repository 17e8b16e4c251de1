/**
 * The admin client: what the Admin screen asks of the sync server, through
 * channels the desktop core forwards to its admin API (sync/server/admin/*).
 * The channels are added with the sync client; their answers are the server
 * routes' JSON bodies:
 *   admin.members        { include_removed? }                    -> { members: AdminMember[] }
 *   admin.devices        {}                                      -> { devices: AdminDevice[] }
 *   admin.revoke_device  { id }                                  -> { device: AdminDevice }
 *   admin.resync_device  { id }                                  -> { device: AdminDevice }
 *   admin.rejected       { user_id?, device_id?, before?, limit? } -> { rejected: AdminRejectedMutation[] }
 *   admin.sync_health    {}                                      -> SyncHealth
 * A bare array is accepted too, so either shape of channel works.
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
  user: { id: string; email: string; display_name: string } | null;
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

export interface AdminClient {
  members(input?: { include_removed?: boolean }): Promise<AdminMember[]>;
  devices(): Promise<AdminDevice[]>;
  revokeDevice(id: string): Promise<AdminDevice>;
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
  if (value && typeof value === 'object' && !Array.isArray(value) && key in value)
    return (value as Record<string, T>)[key]!;
  return value as T;
}

export const adminClient: AdminClient = {
  members: async (input = {}) => unwrap(await invoke('admin.members', input), 'members'),
  devices: async () => unwrap(await invoke('admin.devices', {}), 'devices'),
  revokeDevice: async (id) => unwrap(await invoke('admin.revoke_device', { id }), 'device'),
  resyncDevice: async (id) => unwrap(await invoke('admin.resync_device', { id }), 'device'),
  rejected: async (input = {}) => unwrap(await invoke('admin.rejected', input), 'rejected'),
  syncHealth: async () => invoke<SyncHealth>('admin.sync_health', {}),
};
