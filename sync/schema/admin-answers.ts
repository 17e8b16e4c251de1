/**
 * What the sync server's admin routes answer (sync/server/admin/*.route.ts), as
 * the desktop client validates them and the desktop's admin channels pass them
 * on to the UI (main/ipc/contract/admin.ts). Timestamps are ISO strings;
 * objects are loose so a newer server may add fields without breaking an older app.
 */
import { z } from 'zod';
import { memberRole } from './enums.ts';

const timestamp = z.string().min(1);

export const adminMember = z
  .object({
    member_id: z.uuid(),
    user_id: z.uuid(),
    email: z.string(),
    display_name: z.string(),
    role: memberRole,
    created_at: timestamp,
    removed_at: timestamp.nullable(),
    disabled_at: timestamp.nullable(),
  })
  .loose();
export type AdminMember = z.infer<typeof adminMember>;

export const membersAnswer = z.object({ members: z.array(adminMember) });
export const memberAnswer = z.object({ member: adminMember });

/**
 * Adding someone is an invitation with a one-time code, shown only in this
 * answer; the same answer whether or not the person already has an account.
 */
export const addedMemberAnswer = z.object({
  invitation: z
    .object({
      id: z.uuid(),
      email: z.string(),
      display_name: z.string(),
      role: memberRole,
      expires_at: timestamp,
    })
    .loose(),
  invitation_code: z.string(),
});
export type AddedMember = z.infer<typeof addedMemberAnswer>;

export const adminDevice = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    platform: z.string().nullable(),
    app_version: z.string().nullable(),
    created_at: timestamp,
    last_seen_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
    resync_requested_at: timestamp.nullable(),
    /** Revoke and wipe was asked (absent from servers before it existed). */
    wipe_requested_at: timestamp.nullable().default(null),
    user: z
      .object({ id: z.uuid(), email: z.string().nullable(), display_name: z.string().nullable() })
      .nullable(),
    last_mutation_at: timestamp.nullable(),
    mutations_applied: z.number().int(),
    mutations_rejected: z.number().int(),
    /** Only the list counts live requests; a revoke or resync answer leaves it out. */
    live_shape_requests: z.number().int().default(0),
  })
  .loose();
export type AdminDevice = z.infer<typeof adminDevice>;

export const devicesAnswer = z.object({ devices: z.array(adminDevice) });
export const deviceAnswer = z.object({ device: adminDevice });

export const adminRejectedMutation = z
  .object({
    device_id: z.uuid(),
    mutation_id: z.uuid(),
    user_id: z.uuid().nullable(),
    table_name: z.string(),
    op: z.string(),
    row_id: z.uuid(),
    changes: z.record(z.string(), z.json()).nullable(),
    code: z.string(),
    message: z.string(),
    field: z.string().nullable(),
    client_created_at: timestamp,
    received_at: timestamp,
  })
  .loose();
export type AdminRejectedMutation = z.infer<typeof adminRejectedMutation>;

export const rejectedAnswer = z.object({
  rejected: z.array(adminRejectedMutation),
  /** The filter of the page after this one; null on the last page (a server before 0022 sends none). */
  next: z.object({ before: z.string(), before_id: z.uuid() }).nullable().optional(),
});

export interface RejectedPage {
  rejected: AdminRejectedMutation[];
  next: { before: string; before_id: string } | null;
}

export interface RejectedFilter {
  user_id?: string;
  device_id?: string;
  /** received_at and mutation_id of the last row of the previous page (its answer's `next`). */
  before?: string;
  before_id?: string;
  limit?: number;
}

export const syncHealth = z
  .object({
    replication_slots: z.array(
      z
        .object({
          slot_name: z.string(),
          slot_type: z.string(),
          active: z.boolean(),
          lag_bytes: z.number().nullable(),
        })
        .loose(),
    ),
    mutations_per_minute: z.number(),
    rejected_per_minute: z.number(),
    connected_devices: z.number().int(),
    live_shape_requests: z.number().int(),
    shape_backend: z.enum(['built-in', 'electric-proxy']),
    /** null until the shape engine reports statistics. */
    shapes: z.json().nullable(),
  })
  .loose();
export type SyncHealth = z.infer<typeof syncHealth>;
