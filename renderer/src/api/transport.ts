/**
 * How the UI reaches the desktop core. In Electron the preload exposes
 * `window.pantry` (contextBridge); in a browser the dev host serves the same
 * channels over HTTP and events over a WebSocket. Screens use `invoke` and
 * `onEvent` and never know which one they got.
 */
import type {
  ChannelError,
  ChannelInput,
  ChannelName,
  ChannelOutput,
  ChannelResult,
  CoreEvent,
} from '../../../main/ipc/contract/index.ts';

export type { ChannelError, ChannelResult, CoreEvent };

export interface PantryBridge {
  invoke(channel: string, input?: unknown): Promise<ChannelResult<unknown>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  /** Electron only: a system notification; a click brings back `route` through onNotificationOpen. */
  notify?(n: { title: string; body: string; tag: string; route: string }): void;
  onNotificationOpen?(listener: (route: string) => void): () => void;
}

declare global {
  interface Window {
    pantry?: PantryBridge;
  }
}

function devHostBridge(): PantryBridge {
  const listeners = new Set<(event: CoreEvent) => void>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const url = new URL('/api/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (m) => {
      const event = JSON.parse(String(m.data)) as CoreEvent;
      for (const l of listeners) l(event);
    };
    // The dev host restarted or the tab slept: reconnect, and tell screens to refresh everything.
    socket.onclose = () => {
      socket = null;
      setTimeout(() => {
        connect();
        for (const l of listeners) l({ type: 'changed', tables: ['*'] });
      }, 1000);
    };
  };
  connect();
  return {
    async invoke(channel, input) {
      const res = await fetch(`/api/channel/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pantry-devhost': '1' },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      return (await res.json()) as ChannelResult<unknown>;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const bridge: PantryBridge = window.pantry ?? devHostBridge();

export class ChannelCallError extends Error {
  constructor(readonly error: ChannelError) {
    super(error.message);
  }
}

/**
 * Calls a channel and returns its value, or throws a ChannelCallError with the
 * stable code and field issues. Typed by the channel contract: the input the
 * channel takes, the value it answers.
 */
export async function invoke<K extends ChannelName>(
  channel: K,
  input?: ChannelInput<K>,
): Promise<ChannelOutput<K>> {
  const result = await bridge.invoke(channel, input);
  if (!result.ok) throw new ChannelCallError(result.error);
  // The core checked the answer against the contract's output schema before sending it.
  return result.value as ChannelOutput<K>;
}
