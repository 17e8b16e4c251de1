/**
 * A bench child process (forked by bench/ipc.ts): serves the orchestrator's
 * requests over the IPC channel with one of three roles, decided by what it is
 * asked: a full headless client, a group of light live clients, a group of poll-only clients, or the
 * initial-sync floor. Exits when asked, or when the orchestrator goes away.
 */
import { serveChild } from './child-serve.ts';
import { fullClientHandlers } from './client/full-client.ts';
import { floorHandlers } from './client/floor.ts';
import { lightClientHandlers } from './client/light-clients.ts';
import { pollClientHandlers } from './client/poll-clients.ts';
import type { Handlers } from './client/handler.ts';

const handlers: Handlers = { ...fullClientHandlers, ...lightClientHandlers, ...pollClientHandlers, ...floorHandlers };

serveChild(handlers, async (emit) => {
  await handlers.light_stop!(null, emit).catch(() => undefined);
  await handlers.poll_stop!(null, emit).catch(() => undefined);
  await handlers.close!(null, emit).catch(() => undefined);
});
