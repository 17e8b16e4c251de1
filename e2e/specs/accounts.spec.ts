/**
 * Accounts as a user meets them: a wrong password says so in plain words;
 * the account menu switches between the local workspace and a server account
 * and signs out, asking first (with the count) when changes have not reached
 * the server; a rep never sees Admin. Screenshots of the account menu and the
 * dashboard in light and dark, wide and narrow, land in test-results/e2e/screens.
 */
import { expect, test } from '../fixtures.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';

const shots = 'test-results/e2e/screens';

test('a wrong password is told as such, not as a missing record', async ({ openApp, syncServer }) => {
  const { page, app } = await openApp('wrong-password');
  const dialog = await app.openSignIn();
  await dialog.getByLabel(/^Server address/).fill(syncServer.url);
  await dialog.getByLabel(/^Email/).fill('rep@ws1.pantry.demo');
  await dialog.getByLabel(/^Password/).fill('not the password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Wrong email or password');
  await expect(alert).toContainText('The email or the password is wrong');
  await expect(alert).not.toContainText('Not found');
  await page.screenshot({ path: `${shots}/sign-in-wrong-password.png`, animations: 'disabled' });
});

test('switch between the local workspace and a server account, then sign out past unsynced changes', async ({ openApp, syncServer }) => {
  const proxy = await startSwitchableProxy(syncServer.url);
  try {
    const { page, app } = await openApp('switcher');
    await app.signIn(proxy.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
    await app.waitUpToDate(60_000);
    const account = page.getByTestId('account-menu');
    await expect(account).toContainText(`Signed in to ${new URL(proxy.url).host}`);

    // To the local workspace and back: nothing to sign out of, nothing lost.
    let menu = await app.openAccountMenu();
    await expect(menu.getByTestId('current-account')).toContainText(syncServer.workspaceName);
    await menu.getByRole('menuitem', { name: 'My workspace (this computer)' }).click();
    await expect(account).toContainText('On this computer only');
    menu = await app.openAccountMenu();
    await expect(menu.getByRole('menuitem', { name: 'Sign out' })).toHaveCount(0);
    await menu.getByRole('menuitem', { name: `${syncServer.workspaceName} — rep@ws1.pantry.demo` }).click();
    await expect(account).toContainText('Signed in to');
    await app.waitUpToDate(60_000);

    // Offline, a change stays on this computer: sign-out asks, with the count, and staying keeps it.
    await proxy.offline();
    expect((await app.forceChannel('organizations.create', { name: 'Unsynced Corner Deli' })).ok).toBe(true);
    menu = await app.openAccountMenu();
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    const ask = page.getByRole('dialog', { name: 'Unsynced changes' });
    await expect(ask).toContainText('1 change is not on the server yet.');
    await expect(ask).toHaveCSS('opacity', '1');
    await page.screenshot({ path: `${shots}/sign-out-unsynced.png`, animations: 'disabled' });
    await ask.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(ask).toBeHidden();
    await expect(account).toContainText('Signed in to');

    // Discarding is a choice the person makes, by name and count.
    menu = await app.openAccountMenu();
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('dialog', { name: 'Unsynced changes' }).getByRole('button', { name: 'Discard 1 change and sign out' }).click();
    await expect(account).toContainText('On this computer only');
    menu = await app.openAccountMenu();
    // Signed out: the server account is still listed, to sign in again.
    await expect(menu.getByRole('menuitem', { name: `${syncServer.workspaceName} — rep@ws1.pantry.demo` })).toBeVisible();
    expect(await syncServer.query(`SELECT 1 FROM organizations WHERE name = 'Unsynced Corner Deli'`)).toHaveLength(0);
  } finally {
    await proxy.close();
  }
});

test('a rep does not see Admin; an owner does', async ({ openApp, syncServer }) => {
  const rep = await openApp('rep-no-admin');
  await rep.app.signIn(syncServer.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
  await rep.app.waitUpToDate(60_000);
  const sections = rep.page.getByRole('navigation', { name: 'Sections' });
  await expect(sections.getByRole('link', { name: /Dashboard/ })).toBeVisible();
  await expect(sections.getByRole('link', { name: /Admin/ })).toHaveCount(0);
  // An old link still says why, instead of failing requests.
  await rep.app.open('/admin');
  await expect(rep.page.getByText('Admin is for owners and admins')).toBeVisible();

  const owner = await openApp('owner-admin');
  await owner.app.signIn(syncServer.url, 'owner@ws1.pantry.demo', DEMO_PASSWORD);
  await owner.app.waitUpToDate(60_000);
  await expect(owner.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Admin/ })).toBeVisible();
});

test('a computer named from the account menu shows under that name in Admin, Devices', async ({ openApp, syncServer }) => {
  const { page, app } = await openApp('device-name');
  await app.signIn(syncServer.url, 'admin@ws1.pantry.demo', DEMO_PASSWORD);
  await app.waitUpToDate(60_000);
  let menu = await app.openAccountMenu();
  // By default: the OS user and the machine, not the host alone.
  await expect(menu.getByTestId('device-name')).toContainText(/This computer: .+ on .+/);
  await menu.getByTestId('device-name').click();
  const dialog = page.getByRole('dialog', { name: 'Name this computer' });
  const field = dialog.getByLabel(/^Computer name/);
  await field.fill('');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('is required')).toBeVisible();
  await field.fill('Admin desk, Denver office');
  await page.screenshot({ path: `${shots}/device-name.png`, animations: 'disabled' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('This computer is now “Admin desk, Denver office” in your team’s device list.')).toBeVisible();
  await expect(dialog).toBeHidden();
  menu = await app.openAccountMenu();
  await expect(menu.getByTestId('device-name')).toContainText('This computer: Admin desk, Denver office');
  await page.keyboard.press('Escape');

  await app.open('/admin?tab=devices');
  await expect(page.getByTestId('device-row').filter({ hasText: 'this device' })).toContainText('Admin desk, Denver office');
  await page.screenshot({ path: `${shots}/device-name-in-admin.png`, animations: 'disabled' });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots: account menu and dashboard in ${scheme}`, async ({ openApp, syncServer }) => {
    const { page, app } = await openApp(`shots-${scheme}`);
    await page.emulateMedia({ colorScheme: scheme });
    await app.signIn(syncServer.url, 'manager@ws1.pantry.demo', DEMO_PASSWORD);
    await app.waitUpToDate(60_000);
    for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
      await page.setViewportSize(size);
      await app.open('/');
      await expect(page.getByTestId('principal-card').first()).toBeVisible();
      await page.screenshot({ path: `${shots}/dashboard-${scheme}-${size.width}x${size.height}.png`, animations: 'disabled' });
      await app.openAccountMenu();
      await page.screenshot({ path: `${shots}/account-menu-${scheme}-${size.width}x${size.height}.png`, animations: 'disabled' });
      await page.keyboard.press('Escape');
    }
  });
}
