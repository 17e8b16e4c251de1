/**
 * The serving loop of every bench child process (forked by bench/ipc.ts):
 * requests from the orchestrator by id, one reply each, events in between.
 * Shared so that a child can serve only the handlers it needs and import
 * nothing else (the independent floor must not load the code it measures).
 */
import { childMessage, requestMessage, type ChildMessage } from './ipc.ts';
import type { Emit, Handlers } from './client/handler.ts';

export function serveChild(handlers: Handlers, closeAll: (emit: Emit) => Promise<void>): void {
  const send = (m: ChildMessage): void => {
    process.send?.(childMessage.parse(m));
  };
  const emit: Emit = (event, key, data) => send({ type: 'event', event, key, data: data ?? null });

  process.on('message', (raw) => {
    const parsed = requestMessage.safeParse(raw);
    if (!parsed.success) return;
    const { id, cmd, args } = parsed.data;
    if (cmd === 'exit') {
      void closeAll(emit).finally(() => process.exit(0));
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
  process.on('disconnect', () => void closeAll(emit).finally(() => process.exit(0)));
}
