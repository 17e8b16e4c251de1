/**
 * How the UI reaches the desktop core. In Electron the preload exposes
 * `window.pantry` (contextBridge); in a browser the dev host serves the same
 * channels over HTTP and events over a WebSocket. Screens use `invoke` and
 * `onEvent` and never know which one they got.
 */
export interface ChannelError {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  /** Facts to show or act on, e.g. `{ pending: 3 }` when sign-out is refused. */
  details?: Record<string, unknown>;
}
export type ChannelResult<T> = { ok: true; value: T } | { ok: false; error: ChannelError };
export type CoreEvent = { type: 'changed'; tables: string[] } | { type: 'sync'; status: Record<string, unknown> };

export interface PantryBridge {
  invoke(channel: string, input?: unknown): Promise<ChannelResult<unknown>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
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

/** Calls a channel and returns its value, or throws a ChannelCallError with the stable code and field issues. */
export async function invoke<T = unknown>(channel: string, input?: unknown): Promise<T> {
  const result = await bridge.invoke(channel, input);
  if (!result.ok) throw new ChannelCallError(result.error);
  return result.value as T;
}
