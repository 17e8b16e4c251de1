/**
 * The e2e suite: the real renderer in Debian's Chromium, through the dev host,
 * on fresh data directories (first run: a local workspace). The suite's dev
 * host is started by Playwright's webServer (which also builds the renderer);
 * journeys that need more copies of the app, or a sync server, get them from
 * the fixtures (fixtures.ts).
 *
 * Projects: `browser` always; `electron` (the same specs in the built
 * Electron app, `npm run build` first) only where the electron package
 * resolves to a binary that exists, so no machine sees a skipped test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, type Project } from '@playwright/test';
import type { AppKind } from './support/app-host.ts';
import { electronBinary } from './support/electron-binary.ts';

const PORT = Number(process.env.E2E_PORT ?? 5290);
const dataDir = mkdtempSync(path.join(tmpdir(), 'pantry-e2e-'));

const withElectron = electronBinary() !== null;
const projects: Project<{ appKind: AppKind }>[] = [{ name: 'browser', use: { appKind: 'browser' } }];
if (withElectron) projects.push({ name: 'electron', use: { appKind: 'electron' } });
// The Electron project runs the built app (out/); the browser one only needs the renderer.
const build = withElectron ? 'npm run build && npm run build:renderer' : 'npm run build:renderer';

export default defineConfig<{ appKind: AppKind }>({
  testDir: 'specs',
  outputDir: '../test-results/e2e',
  globalSetup: './chromium.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  projects,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
  },
  webServer: {
    command: `${build} && npx tsx main/devhost/main.ts --port ${PORT} --data-dir ${dataDir}`,
    cwd: path.resolve(import.meta.dirname, '..'),
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
  },
});
