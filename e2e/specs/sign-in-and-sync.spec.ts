/**
 * Signing in to a real sync server from the app: the embedded-PostgreSQL server
 * starts with a first owner; the user signs in from the Admin screen, the app
 * switches to the server workspace and syncs it, and a record created in the
 * app reaches PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { settingsSchema } from '../../sync/server/config/settings.ts';
import { startSyncServer, type SyncServer } from '../../sync/server/server.ts';
import { AppPage } from '../pages/app.page.ts';

const OWNER = { email: 'owner@e2e.pantry.test', password: 'e2e owner password' };
let server: SyncServer;

test.beforeAll(async () => {
  const settings = settingsSchema.parse({
    dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-e2e-server-')),
    port: 0,
    logLevel: 'silent',
    firstOwnerEmail: OWNER.email,
    firstOwnerPassword: OWNER.password,
    firstWorkspaceName: 'Acme Food Brokers',
  });
  server = await startSyncServer(settings, { print: () => {} });
});
test.afterAll(async () => {
  await server?.close();
});

test('sign in to the server, sync, and push a new record', async ({ page, baseURL }) => {
  const app = new AppPage(page, baseURL!);
  await app.open('/admin');
  await page.getByRole('button', { name: 'Sign in to a server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to a server' });
  await dialog.getByLabel(/^Server address/).fill(server.url);
  await dialog.getByLabel(/^Email/).fill(OWNER.email);
  await dialog.getByLabel(/^Password/).fill(OWNER.password);
  await page.screenshot({ path: 'test-results/e2e/screens/sign-in.png' });
  await dialog.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText('Acme Food Brokers').first()).toBeVisible({ timeout: 20_000 });
  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  const form = page.getByRole('dialog', { name: 'New organization' });
  await form.getByLabel(/^Name/).fill('Synced Supper Club');
  await form.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Synced Supper Club' })).toBeVisible();

  const db = new pg.Client({ connectionString: server.db.adminUrl });
  await db.connect();
  try {
    await expect
      .poll(async () => (await db.query(`SELECT count(*)::int AS n FROM organizations WHERE name = 'Synced Supper Club'`)).rows[0].n, { timeout: 20_000 })
      .toBe(1);
  } finally {
    await db.end();
  }
  await app.goTo('Admin');
  await expect(page.getByRole('tab', { name: /Members/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/screens/admin.png', fullPage: true });
});
