/**
 * One running copy of the desktop app for a journey, with its own data
 * directory (its own accounts, replicas and device id), so a spec can run
 * several side by side (two reps, an admin and a rep):
 *  - browser: the desktop core and the dev host started in this process on a
 *    free loopback port, driven in a fresh Chromium context;
 *  - electron: the built app (out/, `npm run build`) launched by Playwright's
 *    Electron support, its user data in a temporary directory.
 * Specs get the page either way and cannot tell them apart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, type Browser, type Page } from '@playwright/test';
import { openRuntime } from '../../main/core/runtime/runtime.ts';
import { startDevHost } from '../../main/devhost/devhost.ts';
import { CHANNELS, type ChannelContext } from '../../main/ipc/channels.ts';

export type AppKind = 'browser' | 'electron';

export interface AppHost {
  page: Page;
  /** The dev host's address (browser), or null where the app is a window (electron). */
  baseUrl: string | null;
  dataDir: string;
  close(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const ELECTRON_ENTRY = path.join(repoRoot, 'out/main/electron/main.js');
export const VIEWPORT = { width: 1400, height: 900 };

/** The built renderer (`npm run build:renderer`, run by the suite's webServer). */
const RENDERER_DIR = path.join(repoRoot, 'dist/renderer');

export async function startBrowserApp(browser: Browser, label: string): Promise<AppHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `pantry-e2e-${label}-`));
  const runtime = await openRuntime({ dataDir });
  const host = await startDevHost<ChannelContext>({
    channels: CHANNELS,
    ctx: { runtime },
    subscribe: (listener) => runtime.subscribe((e) => listener(e.type === 'changed' ? e : { type: 'sync', status: { ...e.status } })),
    staticDir: RENDERER_DIR,
    host: '127.0.0.1',
    port: 0,
  });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${host.url}/#/`);
  return {
    page,
    baseUrl: host.url,
    dataDir,
    async close() {
      await context.close();
      await host.close();
      runtime.close();
    },
  };
}

export async function startElectronApp(electronBinary: string, label: string): Promise<AppHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `pantry-e2e-electron-${label}-`));
  const app = await _electron.launch({
    executablePath: electronBinary,
    // Electron keeps userData under --user-data-dir (and XDG_CONFIG_HOME on Linux): one fresh profile per app.
    args: [ELECTRON_ENTRY, `--user-data-dir=${dataDir}`],
    env: { ...process.env, XDG_CONFIG_HOME: dataDir },
  });
  const page = await app.firstWindow();
  await page.setViewportSize(VIEWPORT);
  return {
    page,
    baseUrl: null,
    dataDir,
    close: () => app.close(),
  };
}
