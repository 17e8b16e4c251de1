/**
 * The core's commands and queries as channels: the contract types each
 * handler's input; the answer is what the core built from replica rows, and
 * the contract's output schema checks it on every call (channel.ts), which is
 * what makes the renderer's types true.
 */
import { COMMANDS, CommandError, QUERIES, type CoreContext } from '../core/index.ts';
import type { CommandName, ParsedInput, QueryName } from './contract/index.ts';
import type { ChannelContext } from './channel-context.ts';
import { failure } from './channel-context.ts';

type CoreHandler<K extends CommandName | QueryName> = (
  input: ParsedInput<K>,
  ctx: ChannelContext,
) => object;

function coreCall<R>(ctx: ChannelContext, fn: (core: CoreContext) => R): R {
  try {
    return fn(ctx.runtime.ctx);
  } catch (err) {
    // Expected failures keep their stable code for the UI (not_found, conflict, pending_changes, invalid_state).
    if (err instanceof CommandError) failure(err);
    throw err;
  }
}

export function commandHandler<K extends CommandName>(name: K): CoreHandler<K> {
  const def = COMMANDS[name];
  return (input, ctx) => coreCall(ctx, (core) => def.run(core, input));
}

/** The core's queries as the contract sees them (checked key by key here). */
const queries: { [K in QueryName]: { run(ctx: CoreContext, input: ParsedInput<K>): object } } =
  QUERIES;

export function queryHandler<K extends QueryName>(name: K): CoreHandler<K> {
  const def = queries[name];
  return (input, ctx) => coreCall(ctx, (core) => def.run(core, input));
}
