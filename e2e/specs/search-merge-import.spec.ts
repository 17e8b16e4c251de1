/**
 * "The app as a demanding user meets it": search, merge, import. On a local
 * workspace (no server needed):
 *  - search with a typo ("ricota") finds Ricotta;
 *  - merging two contacts takes one field from each side (the organization
 *    shown, since it is what tells them apart);
 *  - an import maps its columns (a HubSpot-style file), remembers the mapping,
 *    and updates the existing record a duplicate row stands for instead of
 *    adding it again.
 * The merge dialog and the import preview are photographed at 1440x900 and
 * 1024x700 (test-results/e2e/screens).
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

const shots = 'test-results/e2e/screens';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];

/** Calls a channel as the page would and returns its value (set-up and checks, not the journey). */
async function call<T>(page: Page, name: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ([n, i]) => {
      const bridge = (window as { pantry?: { invoke(n: string, i: unknown): Promise<unknown> } })
        .pantry;
      if (bridge) return bridge.invoke(n, i);
      const res = await fetch(`/api/channel/${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pantry-devhost': '1' },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [name, input] as const,
  );
  const a = answer as { ok: boolean; value?: T; error?: unknown };
  if (!a.ok) throw new Error(`${name}: ${JSON.stringify(a.error)}`);
  return a.value as T;
}

async function photograph(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: `${shots}/${name}-${size.width}x${size.height}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize(SIZES[0]!);
}

test('search with a typo: "ricota" finds Ricotta', async ({ openApp }) => {
  const { page, app } = await openApp('search');
  await app.open('/');
  const dairy = await call<{ id: string }>(page, 'organizations.create', {
    name: 'Dairy Fresh',
    is_principal: true,
  });
  await call(page, 'products.create', { name: 'Whole Milk Ricotta', principal_id: dairy.id });

  const results = await app.search('ricota');
  const hit = results.getByText('Whole Milk Ricotta').first();
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page.getByRole('heading', { name: 'Whole Milk Ricotta' })).toBeVisible();
});

test('merge two contacts taking a field from each side', async ({ openApp }) => {
  const { page, app } = await openApp('merge');
  await app.open('/');
  const elm = await call<{ id: string }>(page, 'organizations.create', {
    name: 'Elm Street Bistro',
  });
  const harbor = await call<{ id: string }>(page, 'organizations.create', { name: 'Harbor Grill' });
  const first = await call<{ id: string }>(page, 'contacts.create', {
    first_name: 'Dana',
    last_name: 'Chef',
    email: 'dana@elmbistro.example',
    organization_id: elm.id,
  });
  const second = await call<{ id: string }>(page, 'contacts.create', {
    first_name: 'Dana',
    last_name: 'Cheff',
    title: 'Head chef',
    phone: '(555) 010-3000',
    organization_id: harbor.id,
  });

  await app.open(`/merge/contacts/${first.id}/${second.id}`);
  const table = page.getByRole('table', { name: 'Values after the merge' });
  // The organization is shown: it is what tells two namesakes apart.
  await expect(table.getByRole('row', { name: /Organization/ })).toContainText('Elm Street Bistro');
  await expect(table.getByRole('row', { name: /Organization/ })).toContainText('Harbor Grill');
  // The more complete record (title and phone) survives unless told otherwise.
  await expect(page.getByRole('radio', { name: /^Dana Cheff \(since/ })).toBeChecked();

  // The survivor's last name and the other's organization.
  await page.getByRole('radio', { name: 'Keep Organization from Dana Chef', exact: true }).check();
  await expect(page.getByTestId('merged-organization_id')).toHaveText('Elm Street Bistro');
  await expect(page.getByTestId('merged-last_name')).toHaveText('Cheff');
  await photograph(page, 'merge-dialog');

  await page.getByRole('button', { name: /^Merge into/ }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${second.id}`));
  const merged = await call<{ record: Record<string, unknown> }>(page, 'records.detail', {
    table: 'contacts',
    id: second.id,
  });
  expect(merged.record).toMatchObject({
    last_name: 'Cheff',
    organization_id: elm.id,
    email: 'dana@elmbistro.example',
    title: 'Head chef',
  });
});

const HUBSPOT = [
  'Company name,Phone Number,State/Region,Town,Lifecycle Stage',
  'Madison Provisions,(608) 555-0100,WI,Madison,customer',
  'Lakeside Creamery Cooperative of the Northern Prairie,(608) 555-0199,WI,Madison,lead',
].join('\n');

test('import maps its columns, remembers them, and updates a duplicate instead of adding it', async ({
  openApp,
}) => {
  const { page, app } = await openApp('import');
  await app.open('/');
  const madison = await call<{ id: string }>(page, 'organizations.create', {
    name: 'Madison Provisions',
    segment: 'Restaurant',
  });

  await app.open('/import');
  await app.chooseCsv('Organizations', 'hubspot-companies.csv', HUBSPOT);
  // HubSpot's own headers map by themselves; "Town" is the user's to map.
  await expect(page.getByRole('combobox', { name: 'Field for column Company name' })).toHaveValue(
    'name',
  );
  await expect(page.getByRole('combobox', { name: 'Field for column State/Region' })).toHaveValue(
    'region',
  );
  await page.getByRole('combobox', { name: 'Field for column Town' }).selectOption('city');
  await page.getByRole('combobox', { name: 'Field for column Lifecycle Stage' }).selectOption('');
  await expect(page.getByText('Columns that will not be imported')).toHaveCount(0);

  const dupe = page.getByRole('row', { name: /Madison Provisions/ });
  await expect(dupe).toContainText('Looks like Madison Provisions');
  await expect(dupe).toContainText('Skipped');
  await dupe.getByRole('combobox', { name: 'What to do with line 2' }).selectOption('update');
  await expect(dupe).toContainText('Updates existing');
  await expect(page.getByRole('row', { name: /Lakeside Creamery/ })).toContainText('Madison');
  await photograph(page, 'import-preview');

  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByText('1 record added. 1 record updated.')).toBeVisible();
  const found = await call<{ id: string }[]>(page, 'search', {
    q: 'Madison Provisions',
    tables: ['organizations'],
  });
  expect(found.map((h) => h.id)).toEqual([madison.id]);
  const updated = await call<{ record: Record<string, unknown> }>(page, 'records.detail', {
    table: 'organizations',
    id: madison.id,
  });
  expect(updated.record).toMatchObject({ region: 'WI', city: 'Madison', segment: 'Restaurant' });

  // The next file from the same tool maps "Town" by itself.
  await app.open('/');
  await app.open('/import');
  await app.chooseCsv('Organizations', 'hubspot-companies-2.csv', HUBSPOT);
  await expect(page.getByRole('combobox', { name: 'Field for column Town' })).toHaveValue('city');
});
