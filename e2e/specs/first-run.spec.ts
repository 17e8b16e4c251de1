/**
 * First run, offline: a rep opens the app with no server, creates a principal
 * and a customer, logs an interaction with a follow-up, and sees the follow-up
 * and the dashboard change. Screenshots of each screen go to test-results/e2e.
 */
import { expect, test } from '../fixtures.ts';

const shots = 'test-results/e2e/screens';

test('first run offline: create records, log an interaction with a follow-up, see the dashboard', async ({ page, app }) => {
  await app.open('/');
  await expect(page.getByText('My workspace').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard-empty.png`, fullPage: true });

  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New organization' });
  await dialog.getByLabel(/^Name/).fill('Saucy Foods');
  await dialog.getByLabel('Principal (a manufacturer we represent)').check();
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(dialog).toBeHidden();
  // A new record opens on its own page.
  await expect(page.getByRole('heading', { name: 'Saucy Foods' })).toBeVisible();
  await page.screenshot({ path: `${shots}/principal.png`, fullPage: true });

  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  await page.getByRole('dialog', { name: 'New organization' }).getByLabel(/^Name/).fill('Elm Street Bistro');
  await page.getByRole('dialog', { name: 'New organization' }).getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Elm Street Bistro' })).toBeVisible();
  await app.goTo('Organizations');
  await expect(page.getByText('Saucy Foods').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/organizations.png`, fullPage: true });

  await app.quickLog({ about: 'Elm Street', type: 'Phone Call', notes: 'Chef liked the chipotle sample', sentiment: 'Positive', followUp: 'Tomorrow' });
  await app.goTo('Follow-ups');
  await expect(page.getByText('Chef liked the chipotle sample').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/follow-ups.png`, fullPage: true });

  await app.goTo('Dashboard');
  await expect(page.getByText('Saucy Foods').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

  // Everything was kept locally: a reload shows the same data.
  await page.reload();
  await app.goTo('Organizations');
  await expect(page.getByText('Elm Street Bistro').first()).toBeVisible();
});

test('a new user follows the getting-started steps; the header says in plain words where the data is', async ({ openApp }) => {
  // Its own data directory: the test above already filled the shared one.
  const { page, app } = await openApp('getting-started');
  await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: On this computer');
  await expect(app.syncIndicator()).toContainText('Not shared');
  const guide = page.getByTestId('getting-started');
  await expect(guide.getByRole('heading', { name: 'Get started' })).toBeVisible();
  await expect(guide.getByRole('button', { name: "Sign in to your team’s server" })).toBeVisible();
  await page.screenshot({ path: `${shots}/getting-started.png`, fullPage: true });

  // Step 1: a principal. The form says which kind it makes, and only that kind.
  await guide.getByRole('button', { name: 'Add a principal' }).click();
  let dialog = page.getByRole('dialog', { name: 'New organization' });
  const kind = dialog.getByRole('group', { name: 'Kind' });
  await expect(kind.getByLabel('Principal (a manufacturer we represent)')).toBeChecked();
  await expect(kind.getByLabel('Customer (buys from our principals)')).not.toBeChecked();
  await dialog.getByLabel(/^Name/).fill('Saucy Foods');
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Saucy Foods' })).toBeVisible();

  // Step 2: a customer, and an organization of no kind at all is refused with the reason.
  await app.goTo('Dashboard');
  await expect(guide.getByText('Add a principal you represent (done)')).toBeVisible();
  await guide.getByRole('button', { name: 'Add a customer' }).click();
  dialog = page.getByRole('dialog', { name: 'New organization' });
  await dialog.getByLabel(/^Name/).fill('Elm Street Bistro');
  await dialog.getByLabel('Customer (buys from our principals)').uncheck();
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(dialog.getByText('an organization is a customer, a principal or a distributor (or several)')).toBeVisible();
  await dialog.getByLabel('Customer (buys from our principals)').check();
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Elm Street Bistro' })).toBeVisible();
  await expect(page.getByText('Customer', { exact: true }).first()).toBeVisible();

  // Step 3: the first interaction, from the guide's own button.
  await app.goTo('Dashboard');
  await guide.getByRole('button', { name: 'Log an interaction' }).click();
  const log = page.getByRole('dialog', { name: 'Log an interaction' });
  await log.getByRole('combobox', { name: 'About' }).fill('Elm Street');
  await page.getByRole('option').filter({ hasText: /^Elm Street/ }).first().click();
  await log.getByRole('textbox', { name: 'Notes' }).fill('Dropped off the sauce samples');
  await log.getByRole('button', { name: 'Log it' }).click();
  await expect(log).toBeHidden();
  // Every step done: the guide steps aside.
  await expect(guide).toBeHidden();

  // The Customers list is the explicit kind: a distributor that also buys shows in both.
  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  dialog = page.getByRole('dialog', { name: 'New organization' });
  await dialog.getByLabel(/^Name/).fill('Cash & Carry North');
  await dialog.getByLabel('Distributor').check();
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Cash & Carry North' })).toBeVisible();
  await app.goTo('Organizations');
  await page.getByRole('radiogroup', { name: 'Kind' }).getByText('Customers', { exact: true }).click();
  await expect(page.getByRole('link', { name: 'Cash & Carry North' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Elm Street Bistro' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Saucy Foods' })).toBeHidden();
  await page.screenshot({ path: `${shots}/organizations-customers.png`, fullPage: true });
});
