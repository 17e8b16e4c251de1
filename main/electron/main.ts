/**
 * Electron's main process, kept thin: window, security settings, and the
 * channel table wired to ipcMain. Everything else is the desktop core
 * (main/core), which runs the same in plain Node under the dev host.
 *
 * Security (Electron's checklist): contextIsolation, sandbox, no
 * nodeIntegration, a strict CSP (index.html's meta tag: file:// pages get no
 * response headers), navigation of any frame away from our page and new
 * windows refused, every permission denied, IPC only from our page's main
 * frame, no remote content, single instance. Fuses are flipped at packaging
 * (build/after-pack.cjs).
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { openRuntime, type CoreRuntime } from '../core/runtime/runtime.ts';
import { findChannel, invokeChannel } from '../ipc/channel.ts';
import { CHANNELS, CHANNEL_NAMES } from '../ipc/channels.ts';
import { CONTENT_SECURITY_POLICY_HEADER } from '../ipc/content-security-policy.ts';
import { showNotification } from './notifications.ts';
import { isOurPage, isOurPageUrl } from './our-page.ts';
import { SafeStorageTokenStore } from './safe-storage-token-store.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';

const RENDERER_INDEX = path.join(import.meta.dirname, '../../renderer/index.html');

let runtime: CoreRuntime | null = null;
let window: BrowserWindow | null = null;

const fromOurPage = (event: IpcMainInvokeEvent) => isOurPage(event, window?.webContents, RENDERER_INDEX);

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
    // Every frame, main or sub, of every web contents: nowhere but our own page.
    contents.on('will-frame-navigate', (e) => {
      if (!isOurPageUrl(e.url, RENDERER_INDEX)) e.preventDefault();
    });
  });
  app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      // Applies to anything served over HTTP(S); our own file:// page gets the same policy from its meta tag.
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } });
    });
    // Requests (a prompt) and checks (a silent query such as navigator.permissions) are separate paths: deny both.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
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
      // Names only (the preload asks while the page is still loading); calling any of them is checked below.
      event.returnValue = CHANNEL_NAMES;
    });
    ipcMain.handle('pantry:invoke', async (event, name: unknown, input: unknown) => {
      if (!fromOurPage(event)) return { ok: false, error: { code: 'forbidden', message: 'not our page' } };
      if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_channel', message: 'channel name must be a string' } };
      return invokeChannel(findChannel(CHANNELS, name), name, input, { runtime: runtime! });
    });
    ipcMain.handle('pantry:notify', (event, input: unknown) => fromOurPage(event) && showNotification(input, window));
    buildMenu();
    await createWindow();
  });
  app.on('window-all-closed', () => {
    runtime?.close();
    app.quit();
  });
}
