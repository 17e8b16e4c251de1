/**
 * records.history (contract: main/ipc/contract/history.ts), served by the
 * core's history reader: the server's trail of a record when it answers, the
 * copy saved on this computer otherwise.
 */
import type { HISTORY_CHANNELS } from './contract/index.ts';
import { failure, type Handlers } from './channel-context.ts';

export const HISTORY_HANDLERS: Handlers<keyof typeof HISTORY_CHANNELS> = {
  'records.history': async (input, { runtime }) => runtime.history(input).catch(failure),
};
