/**
 * The e2e suite: the real renderer in Debian's Chromium, through the dev host,
 * on a fresh data directory (first run: a local workspace). The dev host is
 * started by Playwright's webServer and stopped after the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';

const PORT = Number(process.env.E2E_PORT ?? 5290);
const dataDir = mkdtempSync(path.join(tmpdir(), 'pantry-e2e-'));

export default defineConfig({
  testDir: 'specs',
  outputDir: '../test-results/e2e',
  globalSetup: './chromium.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npm run build:renderer && npx tsx main/devhost/main.ts --port ${PORT} --data-dir ${dataDir}`,
    cwd: path.resolve(import.meta.dirname, '..'),
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
  },
});
