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
