/**
 * The session's channels: which account is open, signing in to a server,
 * signing out, switching between the accounts kept on this computer; and
 * `app.info`, what the UI needs to know about the open account.
 */
import { z } from 'zod';
import { memberRole, unstorableTextReason } from '../../../sync/schema/index.ts';
import { nothing } from './nothing.ts';

export const account = z.strictObject({
  id: z.string(),
  kind: z.enum(['local', 'server']),
  server_url: z.string().optional(),
  email: z.string(),
  display_name: z.string(),
  workspace_id: z.string(),
  workspace_name: z.string(),
});
export type AccountInfo = z.infer<typeof account>;

export const appInfo = z.strictObject({
  account,
  /** The user's role in the workspace (a local workspace's user is its owner); null until the first sync delivers it. */
  role: memberRole.nullable(),
  /** The signed-in user's id (whose follow-ups and opportunities are "mine"). */
  user_id: z.string(),
  /** This installation's device id, as the server's device list shows it. */
  device_id: z.string(),
  /** This installation's name in the server's device list ("elena on laptop-7" unless chosen). */
  device_name: z.string(),
  /** Which tables each query reads: the UI re-runs a query when a `changed` event names one of them. */
  query_tables: z.record(z.string(), z.array(z.string())),
});
export type AppInfo = z.infer<typeof appInfo>;

export const signInInput = z.strictObject({
  server_url: z.url({
    protocol: /^https?$/,
    error: 'must be the server address, like https://crm.example.com',
  }),
  email: z.email({ error: 'must be an email address' }),
  password: z.string().min(1, { error: 'is required' }).max(200),
  workspace_id: z.uuid().optional(),
  // Joining a workspace: the code an admin gave (with the person's own password), or, for
  // someone new to the server, the code as `password` plus the password they choose.
  invitation_code: z.string().trim().min(1).max(100).optional(),
  new_password: z.string().min(10, { error: 'must be at least 10 characters' }).max(200).optional(),
});

export const signOutInput = z.strictObject({
  unsynced: z.enum(['refuse', 'discard']).default('refuse'),
});

export const switchAccountInput = z.strictObject({
  account_id: z.uuid({ error: 'must be the id of an account kept on this computer' }),
});

export const renameDeviceInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'is required' })
    .max(200, { error: 'must be at most 200 characters' })
    .refine((s) => !unstorableTextReason(s), {
      error: (i) => unstorableTextReason(String(i.input)) ?? 'cannot be stored',
    }),
});

export const renamedDevice = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** False when the server could not be reached (or no server account is open): it learns the name later. */
  on_server: z.boolean(),
});

export const SESSION_CHANNELS = {
  'app.info': { input: nothing, output: appInfo },
  'session.sign_in': { input: signInInput, output: account },
  /** Back to the local account; refused (pending_changes, with the count) while changes are unsynced, unless discarded. */
  'session.sign_out': { input: signOutInput, output: account },
  'session.accounts': { input: nothing, output: z.array(account) },
  'session.switch': { input: switchAccountInput, output: account },
  /** Names this computer as admins see it in the device list. */
  'device.rename': { input: renameDeviceInput, output: renamedDevice },
} as const;
