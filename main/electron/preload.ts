/**
 * The preload: the only bridge between the sandboxed renderer and the main
 * process. It exposes named capabilities (invoke a channel, listen to core
 * events, show a reminder and hear its click), never ipcRenderer itself, and only for channel names the main
 * process listed, so a compromised page cannot reach anything else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CoreEvent } from '../ipc/contract/index.ts';

const INVOKE = 'pantry:invoke';
const EVENT = 'pantry:event';
const known = new Set<string>(ipcRenderer.sendSync('pantry:channel-names') as string[]);

contextBridge.exposeInMainWorld('pantry', {
  invoke(channel: string, input?: unknown) {
    if (typeof channel !== 'string' || !known.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `no channel named ${String(channel)}` },
      });
    }
    return ipcRenderer.invoke(INVOKE, channel, input);
  },
  onEvent(listener: (event: CoreEvent) => void) {
    const handler = (_e: IpcRendererEvent, event: CoreEvent) => listener(event);
    ipcRenderer.on(EVENT, handler);
    return () => ipcRenderer.removeListener(EVENT, handler);
  },
  // Reminders: shown by the main process (main/electron/notifications.ts), a click comes back as a route.
  notify(notice: unknown) {
    void ipcRenderer.invoke('pantry:notify', notice);
  },
  onNotificationOpen(listener: (route: string) => void) {
    const handler = (_e: IpcRendererEvent, route: unknown) => {
      if (typeof route === 'string') listener(route);
    };
    ipcRenderer.on('pantry:open-route', handler);
    return () => ipcRenderer.removeListener('pantry:open-route', handler);
  },
});
