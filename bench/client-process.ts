/**
 * A bench child process (forked by bench/ipc.ts): serves the orchestrator's
 * requests over the IPC channel with one of three roles, decided by what it is
 * asked: a full headless client, a group of light live clients, or the
 * initial-sync floor. Exits when asked, or when the orchestrator goes away.
 */
import { childMessage, requestMessage, type ChildMessage } from './ipc.ts';
import { fullClientHandlers } from './client/full-client.ts';
import { floorHandlers } from './client/floor.ts';
import { lightClientHandlers } from './client/light-clients.ts';
import type { Emit, Handlers } from './client/handler.ts';

const handlers: Handlers = { ...fullClientHandlers, ...lightClientHandlers, ...floorHandlers };

function send(m: ChildMessage): void {
  process.send?.(childMessage.parse(m));
}

const emit: Emit = (event, key, data) => send({ type: 'event', event, key, data: data ?? null });

async function closeAll(): Promise<void> {
  await handlers.light_stop!(null, emit).catch(() => undefined);
  await handlers.close!(null, emit).catch(() => undefined);
}

process.on('message', (raw) => {
  const parsed = requestMessage.safeParse(raw);
  if (!parsed.success) return;
  const { id, cmd, args } = parsed.data;
  if (cmd === 'exit') {
    void closeAll().finally(() => process.exit(0));
    return;
  }
  const handler = handlers[cmd];
  if (!handler) return send({ type: 'reply', id, ok: false, error: `unknown command ${cmd}` });
  handler(args, emit).then(
    (value) => send({ type: 'reply', id, ok: true, value: value ?? null }),
    (err: unknown) => send({ type: 'reply', id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

// The orchestrator died or was killed: nothing is left to serve.
process.on('disconnect', () => void closeAll().finally(() => process.exit(0)));
