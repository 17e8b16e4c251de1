/**
 * The Admin screen's channels: the workspace's members, devices, refused
 * changes and sync health, which the core asks of the sync server as the
 * signed-in account. Inputs are checked before anything leaves the computer;
 * answers are the server's, with the schemas the sync client validates them
 * with (sync/schema/admin-answers.ts). Refusals: forbidden (not an owner or
 * admin), invalid_state (a local workspace), offline, signed_out, refused (the
 * server's reason in the message: already a member, last owner).
 */
import { z } from 'zod';
import { memberRole } from '../../../sync/schema/index.ts';
import {
  addedMemberAnswer,
  deviceAnswer,
  devicesAnswer,
  memberAnswer,
  membersAnswer,
  rejectedAnswer,
  syncHealth,
} from '../../../sync/schema/admin-answers.ts';
import { nothing } from './nothing.ts';

const byUser = { user_id: z.uuid({ error: 'must be a member’s user id' }) };
const byDevice = z.strictObject({ id: z.uuid({ error: 'must be a device id' }) });

export const addMemberInput = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(320),
  role: memberRole,
  display_name: z.string().trim().min(1, { error: 'is required' }).max(200).optional(),
});

export const rejectedFilterInput = z.strictObject({
  user_id: z.uuid().optional(),
  device_id: z.uuid().optional(),
  /** received_at and mutation_id of the last row of the previous page (its answer's `next`). */
  before: z.iso.datetime({ offset: true }).optional(),
  before_id: z.uuid().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

export const ADMIN_CHANNELS = {
  'admin.members': {
    input: z.undefined().or(z.strictObject({ include_removed: z.boolean().optional() })),
    output: membersAnswer,
  },
  /** An invitation to join; its code is in this answer only. */
  'admin.add_member': { input: addMemberInput, output: addedMemberAnswer },
  'admin.set_role': {
    input: z.strictObject({ ...byUser, role: memberRole }),
    output: memberAnswer,
  },
  'admin.remove_member': { input: z.strictObject(byUser), output: memberAnswer },
  'admin.devices': { input: nothing, output: devicesAnswer },
  'admin.revoke_device': { input: byDevice, output: deviceAnswer },
  /** Revoke, and the device deletes this workspace's data at its next contact. */
  'admin.wipe_device': { input: byDevice, output: deviceAnswer },
  'admin.resync_device': { input: byDevice, output: deviceAnswer },
  'admin.rejected': { input: z.undefined().or(rejectedFilterInput), output: rejectedAnswer },
  'admin.sync_health': { input: nothing, output: syncHealth },
} as const;

export type {
  AddedMember,
  AdminDevice,
  AdminMember,
  AdminRejectedMutation,
  SyncHealth,
} from '../../../sync/schema/admin-answers.ts';
