/**
 * Issue 6: importing organizations from a spreadsheet with one bad row. The
 * preview marks that row with the reason, next to its values; importing the
 * valid rows adds them and skips the bad one, and they are in the list.
 */
import { expect, test } from '../fixtures.ts';

const shots = 'test-results/e2e/screens';

const CSV = [
  'name,email,phone,city,is_principal',
  'Harbor Grill,orders@harborgrill.example,(555) 010-2001,Duluth,false',
  'Prairie Table,not-an-email,(555) 010-2002,Fargo,false',
  'Northwind Pickles,hello@northwind.example,(555) 010-2003,Bemidji,true',
].join('\n');

test('CSV import with one bad row: the preview says why, the good rows are imported', async ({ openApp }) => {
  const { page, app } = await openApp('csv');
  await app.open('/import');
  await app.chooseCsv('Organizations', 'organizations.csv', CSV);

  await expect(page.getByText('2 valid rows')).toBeVisible();
  await expect(page.getByText('1 row with problems')).toBeVisible();
  const bad = page.getByRole('row', { name: /Prairie Table/ });
  await expect(bad).toContainText('not-an-email');
  await expect(bad).toContainText(/Email/);
  await expect(page.getByRole('row', { name: /Harbor Grill/ })).toContainText('OK');
  await page.screenshot({ path: `${shots}/csv-preview.png`, fullPage: true });

  await page.getByText('Import the valid rows and skip the others').click();
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByText('2 records added. 1 row skipped.')).toBeVisible();

  await app.goTo('Organizations');
  await expect(page.getByText('Harbor Grill').first()).toBeVisible();
  await expect(page.getByText('Northwind Pickles').first()).toBeVisible();
  await expect(page.getByText('Prairie Table')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/csv-imported.png` });
});
