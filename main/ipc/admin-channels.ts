/**
 * The Admin screen's channels: the workspace's members, devices, refused
 * changes and sync health, which the core asks of the sync server as the
 * signed-in account (main/core/runtime/admin.ts). Inputs are checked here
 * before anything leaves the computer; answers are the server's, already
 * validated by the sync client, and checked again on the way out.
 */
import { z } from 'zod';
import { memberRole } from '../../sync/schema/index.ts';
import type { ChannelDef } from './channel.ts';
import type { ChannelContext } from './channels.ts';

type AnyChannel = ChannelDef<z.ZodType, z.ZodType, ChannelContext>;

const when = z.string();

const member = z.object({
  member_id: z.string(),
  user_id: z.string(),
  email: z.string(),
  display_name: z.string(),
  role: memberRole,
  created_at: when,
  removed_at: when.nullable(),
  disabled_at: when.nullable(),
});

const device = z.object({
  id: z.string(),
  name: z.string().nullable(),
  platform: z.string().nullable(),
  app_version: z.string().nullable(),
  created_at: when,
  last_seen_at: when.nullable(),
  revoked_at: when.nullable(),
  resync_requested_at: when.nullable(),
  user: z.object({ id: z.string(), email: z.string().nullable(), display_name: z.string().nullable() }).nullable(),
  last_mutation_at: when.nullable(),
  mutations_applied: z.number(),
  mutations_rejected: z.number(),
  live_shape_requests: z.number(),
});

const rejectedMutation = z.object({
  device_id: z.string(),
  mutation_id: z.string(),
  user_id: z.string().nullable(),
  table_name: z.string(),
  op: z.string(),
  row_id: z.string(),
  changes: z.record(z.string(), z.json()).nullable(),
  code: z.string(),
  message: z.string(),
  field: z.string().nullable(),
  client_created_at: when,
  received_at: when,
});

const syncHealth = z.object({
  replication_slots: z.array(z.object({ slot_name: z.string(), slot_type: z.string(), active: z.boolean(), lag_bytes: z.number().nullable() })),
  mutations_per_minute: z.number(),
  rejected_per_minute: z.number(),
  connected_devices: z.number(),
  live_shape_requests: z.number(),
  shape_backend: z.enum(['built-in', 'electric-proxy']),
  shapes: z.json().nullable(),
});

const nothing = z.undefined().or(z.strictObject({}));
const byUser = { user_id: z.uuid({ error: 'must be a member’s user id' }) };
const byDevice = z.strictObject({ id: z.uuid({ error: 'must be a device id' }) });

const addMemberInput = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(320),
  role: memberRole,
  display_name: z.string().trim().min(1, { error: 'is required' }).max(200).optional(),
});
const rejectedInput = z.strictObject({
  user_id: z.uuid().optional(),
  device_id: z.uuid().optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/** One admin channel; the handler's input is the parsed input schema's output. */
function channel<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  handler: (input: z.output<I>, ctx: ChannelContext) => Promise<z.input<O>>,
): AnyChannel {
  return { input, output, handler: handler as AnyChannel['handler'] };
}

export function adminChannels(failure: (err: unknown) => never): Record<string, AnyChannel> {
  return {
    'admin.members': channel(
      z.undefined().or(z.strictObject({ include_removed: z.boolean().optional() })),
      z.object({ members: z.array(member) }),
      async (input, { runtime }) => ({ members: await runtime.admin.members(input ?? {}).catch(failure) }),
    ),
    'admin.add_member': channel(
      addMemberInput,
      z.object({
        member,
        created_user: z.boolean(),
        /** Shown once: the new person signs in with it and chooses their own password. */
        one_time_password: z.string().optional(),
        one_time_password_expires_at: when.optional(),
      }),
      async (input, { runtime }) => runtime.admin.addMember(input).catch(failure),
    ),
    'admin.set_role': channel(
      z.strictObject({ ...byUser, role: memberRole }),
      z.object({ member }),
      async (input, { runtime }) => ({ member: await runtime.admin.setRole(input.user_id, input.role).catch(failure) }),
    ),
    'admin.remove_member': channel(
      z.strictObject(byUser),
      z.object({ member }),
      async (input, { runtime }) => ({ member: await runtime.admin.removeMember(input.user_id).catch(failure) }),
    ),
    'admin.devices': channel(nothing, z.object({ devices: z.array(device) }), async (_input, { runtime }) => ({
      devices: await runtime.admin.devices().catch(failure),
    })),
    'admin.revoke_device': channel(byDevice, z.object({ device }), async (input, { runtime }) => ({
      device: await runtime.admin.revokeDevice(input.id).catch(failure),
    })),
    'admin.resync_device': channel(byDevice, z.object({ device }), async (input, { runtime }) => ({
      device: await runtime.admin.resyncDevice(input.id).catch(failure),
    })),
    'admin.rejected': channel(z.undefined().or(rejectedInput), z.object({ rejected: z.array(rejectedMutation) }), async (input, { runtime }) => ({
      rejected: await runtime.admin.rejected(input ?? {}).catch(failure),
    })),
    'admin.sync_health': channel(nothing, syncHealth, async (_input, { runtime }) => runtime.admin.syncHealth().catch(failure)),
  };
}
