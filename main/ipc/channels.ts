/**
 * The channel table: every request the UI may make of the desktop core, by
 * name, with the contract's input and output schemas (main/ipc/contract) and
 * the handler bound to it. Electron's ipcMain wiring, the dev host and the
 * headless client all serve exactly this table; the contract's types make a
 * channel without a handler, or a handler of the wrong input, a compile error.
 */
import type { z } from 'zod';
import {
  CHANNEL_CONTRACT,
  COMMAND_CHANNELS,
  QUERY_CHANNELS,
  type ChannelName,
} from './contract/index.ts';
import type { ChannelDef } from './channel.ts';
import type { ChannelContext } from './channel-context.ts';
import { ADMIN_HANDLERS } from './admin-channels.ts';
import { commandHandler, queryHandler } from './core-channels.ts';
import { HISTORY_HANDLERS } from './history-channels.ts';
import { SESSION_HANDLERS } from './session-channels.ts';

export type { ChannelContext } from './channel-context.ts';

type AnyChannel = ChannelDef<z.ZodType, z.ZodType, ChannelContext>;

/** Object.keys typed as the object's own keys (TypeScript widens them to string). */
function keysOf<T extends object>(o: T): (keyof T & string)[] {
  return Object.keys(o) as (keyof T & string)[];
}

function buildChannels(): Record<string, AnyChannel> {
  const channels: Record<string, AnyChannel> = {};
  const bind = (name: ChannelName, handler: AnyChannel['handler']) => {
    const { input, output } = CHANNEL_CONTRACT[name];
    channels[name] = { input, output, handler };
  };
  for (const name of keysOf(COMMAND_CHANNELS)) bind(name, commandHandler(name));
  for (const name of keysOf(QUERY_CHANNELS)) bind(name, queryHandler(name));
  for (const name of keysOf(SESSION_HANDLERS)) bind(name, SESSION_HANDLERS[name]);
  for (const name of keysOf(ADMIN_HANDLERS)) bind(name, ADMIN_HANDLERS[name]);
  for (const name of keysOf(HISTORY_HANDLERS)) bind(name, HISTORY_HANDLERS[name]);
  return channels;
}

export const CHANNELS: Readonly<Record<string, AnyChannel>> = buildChannels();
export const CHANNEL_NAMES = Object.keys(CHANNELS);
