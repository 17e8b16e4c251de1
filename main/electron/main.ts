/**
 * Electron's main process, kept thin: window, security settings, and the
 * channel table wired to ipcMain. Everything else is the desktop core
 * (main/core), which runs the same in plain Node under the dev host.
 *
 * Security (Electron's checklist): contextIsolation, sandbox, no
 * nodeIntegration, a strict CSP, navigation and new windows refused, IPC
 * senders checked against our own page, no remote content, single instance.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { openRuntime, type CoreRuntime } from '../core/runtime/runtime.ts';
import { invokeChannel } from '../ipc/channel.ts';
import { CHANNELS, CHANNEL_NAMES } from '../ipc/channels.ts';
import { SafeStorageTokenStore } from './safe-storage-token-store.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

const RENDERER_INDEX = path.join(import.meta.dirname, '../../renderer/index.html');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let runtime: CoreRuntime | null = null;
let window: BrowserWindow | null = null;

function isOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') && event.sender === window?.webContents;
}

async function createWindow(): Promise<void> {
  const state = await loadWindowState(app.getPath('userData'));
  window = new BrowserWindow({
    ...state.bounds,
    show: false,
    title: 'Pantry CRM',
    webPreferences: {
      preload: path.join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  if (state.maximized) window.maximize();
  trackWindowState(window, app.getPath('userData'));
  window.webContents.on('will-navigate', (e) => e.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window?.show());
  await window.loadFile(RENDERER_INDEX);
}

function buildMenu(): void {
  const send = (channel: string) => () => window?.webContents.send('pantry:event', { type: 'command', name: channel });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      {
        label: 'Go',
        submenu: [
          { label: 'Search…', accelerator: 'CmdOrCtrl+K', click: send('search') },
          { label: 'Log an interaction…', accelerator: 'CmdOrCtrl+L', click: send('quick-log') },
        ],
      },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    // Downloads are the renderer's CSV exports (blob: URLs it made itself):
    // saved where the user picks, starting in Downloads; nothing else may download.
    session.defaultSession.on('will-download', (event, item) => {
      if (!item.getURL().startsWith('blob:')) return event.preventDefault();
      item.setSaveDialogOptions({
        title: 'Export',
        defaultPath: path.join(app.getPath('downloads'), item.getFilename()),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
    });
    const dataDir = path.join(app.getPath('userData'), 'data');
    runtime = await openRuntime({
      dataDir,
      tokenStore: new SafeStorageTokenStore(path.join(dataDir, 'tokens'), safeStorage),
      appVersion: app.getVersion(),
    });
    runtime.subscribe((event) => window?.webContents.send('pantry:event', event));
    ipcMain.on('pantry:channel-names', (event) => {
      event.returnValue = CHANNEL_NAMES;
    });
    ipcMain.handle('pantry:invoke', async (event, name: unknown, input: unknown) => {
      if (!isOurPage(event)) return { ok: false, error: { code: 'forbidden', message: 'not our page' } };
      if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_channel', message: 'channel name must be a string' } };
      return invokeChannel(CHANNELS[name], name, input, { runtime: runtime! });
    });
    buildMenu();
    await createWindow();
  });
  app.on('window-all-closed', () => {
    runtime?.close();
    app.quit();
  });
}
