/**
 * The preload: the only bridge between the sandboxed renderer and the main
 * process. It exposes two named capabilities (invoke a channel, listen to core
 * events), never ipcRenderer itself, and only for channel names the main
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
});
