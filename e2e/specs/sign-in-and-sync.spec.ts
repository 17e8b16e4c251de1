/**
 * Signing in to a real sync server from the app: the suite's server (embedded
 * PostgreSQL, a first owner) is signed in to from the Admin screen; the app
 * switches to the server workspace and syncs it, and a record created in the
 * app reaches PostgreSQL.
 */
import { expect, test } from '../fixtures.ts';
import { FIRST_OWNER } from '../support/sync-server.ts';

test('sign in to the server, sync, and push a new record', async ({ page, app, syncServer }) => {
  await app.open('/admin');
  await page.getByRole('button', { name: 'Sign in to a server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to a server' });
  await dialog.getByLabel(/^Server address/).fill(syncServer.url);
  await dialog.getByLabel(/^Email/).fill(FIRST_OWNER.email);
  await dialog.getByLabel(/^Password/).fill(FIRST_OWNER.password);
  await page.screenshot({ path: 'test-results/e2e/screens/sign-in.png' });
  await dialog.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText(FIRST_OWNER.workspace).first()).toBeVisible({ timeout: 20_000 });
  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  const form = page.getByRole('dialog', { name: 'New organization' });
  await form.getByLabel(/^Name/).fill('Synced Supper Club');
  await form.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Synced Supper Club' })).toBeVisible();

  await expect
    .poll(async () => (await syncServer.query(`SELECT count(*)::int AS n FROM organizations WHERE name = 'Synced Supper Club'`))[0]!.n, {
      timeout: 20_000,
    })
    .toBe(1);
  await app.goTo('Admin');
  await expect(page.getByRole('tab', { name: /Members/ })).toBeVisible();
  await expect(page.getByText(FIRST_OWNER.email)).toBeVisible();
  await page.screenshot({ path: 'test-results/e2e/screens/admin.png', fullPage: true });
});
