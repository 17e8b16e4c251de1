/**
 * The Admin screen's channels: the workspace's members, devices, refused
 * changes and sync health, which the core asks of the sync server as the
 * signed-in account (main/core/runtime/admin.ts). Inputs are checked here
 * before anything leaves the computer; answers are the server's, already
 * validated by the sync client with the same schemas (sync/client/sync/admin-answers.ts),
 * and checked again on the way out.
 */
import { z } from 'zod';
import { memberRole } from '../../sync/schema/index.ts';
import {
  addedMemberAnswer,
  deviceAnswer,
  devicesAnswer,
  memberAnswer,
  membersAnswer,
  rejectedAnswer,
  syncHealth,
} from '../core/runtime/sync-deps.ts';
import type { ChannelDef } from './channel.ts';
import type { ChannelContext } from './channels.ts';

type AnyChannel = ChannelDef<z.ZodType, z.ZodType, ChannelContext>;

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
      membersAnswer,
      async (input, { runtime }) => ({ members: await runtime.admin.members(input ?? {}).catch(failure) }),
    ),
    'admin.add_member': channel(
      addMemberInput,
      addedMemberAnswer,
      async (input, { runtime }) => runtime.admin.addMember(input).catch(failure),
    ),
    'admin.set_role': channel(
      z.strictObject({ ...byUser, role: memberRole }),
      memberAnswer,
      async (input, { runtime }) => ({ member: await runtime.admin.setRole(input.user_id, input.role).catch(failure) }),
    ),
    'admin.remove_member': channel(
      z.strictObject(byUser),
      memberAnswer,
      async (input, { runtime }) => ({ member: await runtime.admin.removeMember(input.user_id).catch(failure) }),
    ),
    'admin.devices': channel(nothing, devicesAnswer, async (_input, { runtime }) => ({
      devices: await runtime.admin.devices().catch(failure),
    })),
    'admin.revoke_device': channel(byDevice, deviceAnswer, async (input, { runtime }) => ({
      device: await runtime.admin.revokeDevice(input.id).catch(failure),
    })),
    'admin.wipe_device': channel(byDevice, deviceAnswer, async (input, { runtime }) => ({
      device: await runtime.admin.wipeDevice(input.id).catch(failure),
    })),
    'admin.resync_device': channel(byDevice, deviceAnswer, async (input, { runtime }) => ({
      device: await runtime.admin.resyncDevice(input.id).catch(failure),
    })),
    'admin.rejected': channel(z.undefined().or(rejectedInput), rejectedAnswer, async (input, { runtime }) => ({
      rejected: await runtime.admin.rejected(input ?? {}).catch(failure),
    })),
    'admin.sync_health': channel(nothing, syncHealth, async (_input, { runtime }) => runtime.admin.syncHealth().catch(failure)),
  };
}
