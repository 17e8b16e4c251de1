/**
 * What a channel handler runs against, and the handler types the contract
 * gives each channel. Its own file so the channel groups (core, session,
 * admin) and the table that assembles them import it without importing each
 * other.
 */
import type { z } from 'zod';
import { CommandError, type CoreRuntime } from '../core/index.ts';
import type { ChannelName, HandlerOutput, ParsedInput } from './contract/index.ts';
import { ChannelFailure } from './channel.ts';

export interface ChannelContext {
  runtime: CoreRuntime;
}

/** A handler typed by the contract: its parsed input in, its output out. */
export type Handler<K extends ChannelName> = (
  input: ParsedInput<K>,
  ctx: ChannelContext,
) => HandlerOutput<K> | Promise<HandlerOutput<K>>;

export type Handlers<K extends ChannelName> = { [P in K]: Handler<P> };

/** An expected failure of the core keeps its stable code (and its facts) for the UI; anything else is a bug. */
export function failure(err: unknown): never {
  if (err instanceof CommandError) {
    throw new ChannelFailure(
      err.code,
      err.message,
      undefined,
      err.details as Record<string, z.core.util.JSONType> | undefined,
    );
  }
  throw err;
}
