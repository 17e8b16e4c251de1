/**
 * One headless command against the desktop core: what the app's window would
 * do through its channels, done from a script. Every core call goes through
 * the same channel table (main/ipc) as Electron and the dev host, so inputs are
 * validated the same way and answers are the same JSON.
 */
import { findChannel, invokeChannel, type ChannelResult } from '../ipc/channel.ts';
import { CHANNELS, CHANNEL_NAMES, type ChannelContext } from '../ipc/channels.ts';
import type { CoreRuntime, RuntimeEvent } from '../core/runtime/runtime.ts';
import type { CliArgs } from './args.ts';

export interface Outcome {
  /** 0 done, 1 failed, 2 bad usage or invalid input. */
  exitCode: 0 | 1 | 2;
  /** Printed as JSON: on stdout when done, on stderr otherwise. */
  body: unknown;
}

const done = (body: unknown): Outcome => ({ exitCode: 0, body });

function fromResult(result: ChannelResult<unknown>): Outcome {
  if (result.ok) return done(result.value);
  const usage = result.error.code === 'invalid_input' || result.error.code === 'unknown_channel';
  return { exitCode: usage ? 2 : 1, body: { error: result.error } };
}

type SyncStatusLike = Extract<RuntimeEvent, { type: 'sync' }>['status'];

/** Up to date with nothing left to send: the server has every local change and the replica has the server's. */
function settled(s: SyncStatusLike): boolean {
  return s.state === 'local' || (s.state === 'up_to_date' && s.pending === 0);
}

/** A state waiting cannot leave by itself. */
function stuck(s: SyncStatusLike): boolean {
  return s.state === 'signed_out' || s.state === 'error';
}

function waitForSync(runtime: CoreRuntime, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (o: Outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      unsubscribe();
      resolve(o);
    };
    const check = (s: SyncStatusLike) => {
      if (settled(s)) finish(done(s));
      else if (stuck(s)) finish({ exitCode: 1, body: { error: { code: s.state, message: ('reason' in s && s.reason) || s.state }, status: s } });
    };
    const timer = setTimeout(() => {
      const s = runtime.syncStatus();
      finish({ exitCode: 1, body: { error: { code: 'timeout', message: `not up to date after ${timeoutMs / 1000} s` }, status: s } });
    }, timeoutMs);
    const unsubscribe = runtime.subscribe((e) => {
      if (e.type === 'sync') check(e.status);
    });
    check(runtime.syncStatus());
  });
}

export async function runCommand(args: CliArgs, runtime: CoreRuntime, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const ctx: ChannelContext = { runtime };
  const c = args.command;
  const account = runtime.account;
  if (c.name !== 'sign-in' && args.server && account.server_url !== args.server) {
    return {
      exitCode: 2,
      body: { error: { code: 'invalid_state', message: `this data directory is signed in to ${account.server_url ?? 'no server (a local workspace)'}, not ${args.server}` } },
    };
  }
  switch (c.name) {
    case 'channels':
      return done(CHANNEL_NAMES);
    case 'status':
      return fromResult(await invokeChannel(CHANNELS['sync.status'], 'sync.status', {}, ctx));
    case 'sync':
      return waitForSync(runtime, args.timeoutS * 1000);
    case 'sign-out':
      return fromResult(await invokeChannel(CHANNELS['session.sign_out'], 'session.sign_out', { unsynced: 'refuse' }, ctx));
    case 'sign-in': {
      if (!args.server) return { exitCode: 2, body: { error: { code: 'invalid_input', message: 'sign-in needs --server URL' } } };
      const email = env.PANTRY_EMAIL;
      const password = env.PANTRY_PASSWORD;
      if (!email || !password) {
        return { exitCode: 2, body: { error: { code: 'invalid_input', message: 'set PANTRY_EMAIL and PANTRY_PASSWORD to sign in' } } };
      }
      const input = { server_url: args.server, email, password };
      return fromResult(await invokeChannel(CHANNELS['session.sign_in'], 'session.sign_in', input, ctx));
    }
    case 'call': {
      let input: unknown = {};
      if (c.input !== undefined) {
        try {
          input = JSON.parse(c.input);
        } catch {
          return { exitCode: 2, body: { error: { code: 'invalid_input', message: 'the input is not JSON' } } };
        }
      }
      return fromResult(await invokeChannel(findChannel(CHANNELS, c.channel), c.channel, input, ctx));
    }
  }
}
