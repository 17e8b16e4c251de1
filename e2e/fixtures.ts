/**
 * What the journeys are given, the same for both ways the app runs (the
 * `appKind` of the Playwright project; see playwright.config.ts):
 *  - `page`: the app the suite's webServer serves (browser), or an Electron
 *    window on a fresh profile (electron);
 *  - `openApp(label)`: another copy of the app with its own data directory
 *    (a second rep, an admin), closed after the test;
 *  - `syncServer`: one seeded sync server on embedded PostgreSQL per worker.
 * On failure, a screenshot of every open app lands in the test's output.
 */
import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import { AppPage } from './pages/app.page.ts';
import { startBrowserApp, startElectronApp, VIEWPORT, type AppHost, type AppKind } from './support/app-host.ts';
import { electronBinary } from './support/electron-binary.ts';
import { startE2eServer, type E2eServer } from './support/sync-server.ts';

export interface OpenedApp extends AppHost {
  app: AppPage;
}

interface TestFixtures {
  /** The main app of the test, as AppPage helpers. */
  app: AppPage;
  openApp(label: string): Promise<OpenedApp>;
}

interface WorkerFixtures {
  appKind: AppKind;
  syncServer: E2eServer;
  /** Debian's Chromium, launched on first use (never in the electron project). */
  chromiumBrowser: () => Promise<Browser>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  appKind: ['browser', { option: true, scope: 'worker' }],

  chromiumBrowser: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none
    async ({}, use) => {
      let browser: Browser | null = null;
      await use(async () => (browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })));
      await (browser as Browser | null)?.close();
    },
    { scope: 'worker' },
  ],

  syncServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none
    async ({}, use) => {
      const server = await startE2eServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  openApp: async ({ appKind, chromiumBrowser }, use, testInfo) => {
    const opened: OpenedApp[] = [];
    await use(async (label) => {
      const host =
        appKind === 'electron'
          ? await startElectronApp(electronBinary()!, label)
          : await startBrowserApp(await chromiumBrowser(), label);
      const handle = { ...host, app: new AppPage(host.page, host.baseUrl) };
      opened.push(handle);
      return handle;
    });
    for (const [i, h] of opened.entries()) {
      if (testInfo.status !== testInfo.expectedStatus) {
        await h.page.screenshot({ path: testInfo.outputPath(`failure-app-${i}.png`), fullPage: true }).catch(() => {});
      }
      await h.close();
    }
  },

  // The suite's main app: the webServer's dev host in Chromium, or an Electron window.
  page: async ({ appKind, chromiumBrowser, baseURL }, use, testInfo) => {
    let page: Page;
    let close: () => Promise<void>;
    if (appKind === 'electron') {
      const host = await startElectronApp(electronBinary()!, 'main');
      page = host.page;
      close = host.close;
    } else {
      const context = await (await chromiumBrowser()).newContext({ viewport: VIEWPORT, baseURL });
      page = await context.newPage();
      close = () => context.close();
    }
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      await page.screenshot({ path: testInfo.outputPath('failure.png'), fullPage: true }).catch(() => {});
    }
    await close();
  },

  app: async ({ page, appKind, baseURL }, use) => {
    await use(new AppPage(page, appKind === 'electron' ? null : baseURL!));
  },
});

export { expect } from '@playwright/test';
