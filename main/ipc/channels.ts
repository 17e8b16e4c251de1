/**
 * The channel table: every request the UI may make of the desktop core, by
 * name, with zod input and output. Built from the core's COMMANDS and QUERIES
 * so a new command or query is one line there, not a copy here. Electron's
 * ipcMain wiring and the dev host both serve exactly this table.
 */
import { z } from 'zod';
import { COMMANDS, CommandError, QUERIES, type CoreContext } from '../core/index.ts';
import type { CoreRuntime } from '../core/runtime/runtime.ts';
import { memberRole } from '../../sync/schema/index.ts';
import { adminChannels } from './admin-channels.ts';
import { ChannelFailure, type ChannelDef } from './channel.ts';

export interface ChannelContext {
  runtime: CoreRuntime;
}

type AnyChannel = ChannelDef<z.ZodType, z.ZodType, ChannelContext>;

/** Rows and results are plain JSON data; their shapes are the core's typed results. */
const jsonResult = z.json();

function coreCall(ctx: ChannelContext, fn: (core: CoreContext) => unknown): unknown {
  try {
    return fn(ctx.runtime.ctx);
  } catch (err) {
    // Expected failures keep their stable code for the UI (not_found, conflict, pending_changes, invalid_state).
    if (err instanceof CommandError) throw new ChannelFailure(err.code, err.message);
    throw err;
  }
}

const appInfoOutput = z.object({
  account: z.object({
    id: z.string(),
    kind: z.enum(['local', 'server']),
    server_url: z.string().optional(),
    email: z.string(),
    display_name: z.string(),
    workspace_id: z.string(),
    workspace_name: z.string(),
  }),
  /** The user's role in the workspace (a local workspace's user is its owner); null until the first sync delivers it. */
  role: memberRole.nullable(),
  /** This installation's device id, as the server's device list shows it. */
  device_id: z.string(),
  /** Which tables each query reads: the UI re-runs a query when a `changed` event names one of them. */
  query_tables: z.record(z.string(), z.array(z.string())),
});

function buildChannels(): Record<string, AnyChannel> {
  const channels: Record<string, AnyChannel> = {};
  for (const [name, def] of Object.entries(COMMANDS)) {
    channels[name] = {
      input: def.input,
      output: jsonResult,
      handler: (input, ctx) => coreCall(ctx, (core) => def.run(core, input)) as z.input<typeof jsonResult>,
    };
  }
  for (const [name, def] of Object.entries(QUERIES)) {
    channels[name] = {
      input: def.input,
      output: jsonResult,
      handler: (input, ctx) => coreCall(ctx, (core) => def.run(core, input as never)) as z.input<typeof jsonResult>,
    };
  }
  const accountOutput = appInfoOutput.shape.account;
  const describe = (a: CoreRuntime['account']) => ({
    id: a.id,
    kind: a.kind,
    ...(a.server_url ? { server_url: a.server_url } : {}),
    email: a.email,
    display_name: a.display_name,
    workspace_id: a.workspace_id,
    workspace_name: a.workspace_name,
  });
  channels['app.info'] = {
    input: z.undefined().or(z.object({}).strict()),
    output: appInfoOutput,
    handler: (_input, ctx) => ({
      account: describe(ctx.runtime.account),
      role: ctx.runtime.role(),
      device_id: ctx.runtime.deviceId,
      query_tables: Object.fromEntries(Object.values(QUERIES).map((q) => [q.name, [...q.tables]])),
    }),
  };
  const failure = (err: unknown): never => {
    if (err instanceof CommandError) throw new ChannelFailure(err.code, err.message, undefined, err.details as Record<string, z.core.util.JSONType>);
    throw err;
  };
  const signInInput = z.strictObject({
      server_url: z.url({ protocol: /^https?$/, error: 'must be the server address, like https://crm.example.com' }),
      email: z.email({ error: 'must be an email address' }),
      password: z.string().min(1, { error: 'is required' }).max(200),
      workspace_id: z.uuid().optional(),
      // Joining a workspace: the code an admin gave (with the person's own password), or, for
      // someone new to the server, the code as `password` plus the password they choose.
      invitation_code: z.string().trim().min(1).max(100).optional(),
      new_password: z.string().min(10, { error: 'must be at least 10 characters' }).max(200).optional(),
  });
  const signOutInput = z.strictObject({ unsynced: z.enum(['refuse', 'discard']).default('refuse') });
  channels['session.sign_in'] = {
    input: signInInput,
    output: accountOutput,
    handler: async (input, ctx) => describe(await ctx.runtime.signIn(input as z.output<typeof signInInput>).catch(failure)),
  };
  channels['session.sign_out'] = {
    input: signOutInput,
    output: accountOutput,
    handler: async (input, ctx) =>
      describe(await ctx.runtime.signOut((input as z.output<typeof signOutInput>).unsynced).catch(failure)),
  };
  channels['session.accounts'] = {
    input: z.undefined().or(z.object({}).strict()),
    output: z.array(accountOutput),
    handler: async (_input, ctx) => (await ctx.runtime.accounts()).map(describe),
  };
  const switchInput = z.strictObject({ account_id: z.uuid({ error: 'must be the id of an account kept on this computer' }) });
  channels['session.switch'] = {
    input: switchInput,
    output: accountOutput,
    handler: async (input, ctx) =>
      describe(await ctx.runtime.switchAccount((input as z.output<typeof switchInput>).account_id).catch(failure)),
  };
  channels['sync.status'] = {
    input: z.undefined().or(z.object({}).strict()),
    output: z.record(z.string(), z.json()),
    handler: (_input, ctx) => ({ ...ctx.runtime.syncStatus() }) as Record<string, z.input<typeof jsonResult>>,
  };
  Object.assign(channels, adminChannels(failure));
  return channels;
}

export const CHANNELS: Readonly<Record<string, AnyChannel>> = buildChannels();
export const CHANNEL_NAMES = Object.keys(CHANNELS);
