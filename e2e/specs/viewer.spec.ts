/**
 * Issue 6: a viewer. The app hides or disables every edit action and says
 * why; a write forced past the UI (straight to the core's channel) is sent,
 * refused by the server, and shown: the header counts it, the Sync screen
 * lists it with the original, mine and the server's values side by side, and
 * offers retry (refused again) or discard (the server's version comes back);
 * the owner's Admin screen lists it among the team's refused changes.
 */
import { expect, test } from '../fixtures.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';

test('a viewer cannot edit; a forced write is refused and shown', async ({ openApp, syncServer }) => {
  const [customer] = await syncServer.query<{ id: string; name: string; phone: string | null }>(
    `SELECT id, name, phone FROM organizations
     WHERE workspace_id = $1 AND deleted_at IS NULL AND NOT is_principal AND phone IS NOT NULL ORDER BY name DESC LIMIT 1`,
    [syncServer.seed.workspaces[0]!.id],
  );
  const { page, app } = await openApp('viewer');
  await app.signIn(syncServer.url, 'viewer@ws1.pantry.demo', DEMO_PASSWORD);
  await app.waitUpToDate();
  await expect(page.getByTestId('view-only-banner')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log', exact: true })).toHaveCount(0);

  await app.goTo('Organizations');
  await expect(page.getByRole('button', { name: 'New organization' }).first()).toBeDisabled();
  await app.open(`/organizations/${customer!.id}`);
  await expect(page.getByRole('heading', { name: customer!.name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('dialog', { name: 'Log an interaction' })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/viewer.png` });

  // Forced past the UI: the core accepts it locally, the server refuses it.
  const forced = await app.forceChannel('organizations.update', { id: customer!.id, phone: '(555) 010-0199' });
  expect(forced.ok).toBe(true);
  await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: 1 refused', { timeout: 20_000 });
  // The record shows the server's phone again, and PostgreSQL never changed.
  await expect(page.getByText(customer!.phone!).first()).toBeVisible();
  expect((await syncServer.query('SELECT phone FROM organizations WHERE id = $1', [customer!.id]))[0]!.phone).toBe(customer!.phone);

  // The workspace's owner sees it among the team's refused changes: who, from which device, what.
  const owner = await openApp('owner-refused');
  await owner.app.signIn(syncServer.url, 'owner@ws1.pantry.demo', DEMO_PASSWORD);
  await owner.app.waitUpToDate();
  await owner.app.open('/admin?tab=rejected');
  const refused = owner.page.getByTestId('refused-row').filter({ hasText: '(555) 010-0199' });
  await expect(refused).toContainText('Hannah Brooks');
  await expect(refused).toContainText('update organization');
  await owner.page.screenshot({ path: `${shots}/admin-refused.png` });
});

test('a refused change in the sync panel: mine, server and original side by side; retry, then discard', async ({ openApp, syncServer }) => {
  const [customer] = await syncServer.query<{ id: string; name: string; phone: string | null }>(
    `SELECT id, name, phone FROM organizations
     WHERE workspace_id = $1 AND deleted_at IS NULL AND NOT is_principal AND phone IS NOT NULL ORDER BY name LIMIT 1 OFFSET 1`,
    [syncServer.seed.workspaces[0]!.id],
  );
  const { page, app } = await openApp('viewer-sync-panel');
  await app.signIn(syncServer.url, 'viewer@ws1.pantry.demo', DEMO_PASSWORD);
  await app.waitUpToDate();
  const mine = '(555) 010-0142';
  expect((await app.forceChannel('organizations.update', { id: customer!.id, phone: mine })).ok).toBe(true);
  await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: 1 refused', { timeout: 20_000 });

  await app.goTo('Sync');
  const card = page.getByTestId('rejected-change').first();
  await expect(card).toContainText(customer!.name);
  await expect(card).toContainText('You are not allowed to make this change');
  const table = card.getByRole('table');
  await expect(table.getByRole('columnheader', { name: /Original/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /Mine/ })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /Server/ })).toBeVisible();
  const phoneRow = table.getByRole('row', { name: /Phone/ });
  await expect(phoneRow).toContainText(mine);
  await expect(phoneRow).toContainText(customer!.phone!);
  await page.screenshot({ path: `${shots}/sync-refused.png`, fullPage: true });

  // Retry sends it again: still a viewer, so refused again.
  await card.getByRole('button', { name: /Retry/ }).first().click();
  await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: 1 refused', { timeout: 20_000 });
  await expect(page.getByTestId('rejected-change')).toHaveCount(1);

  await page.getByTestId('rejected-change').first().getByRole('button', { name: /Discard/ }).click();
  const confirm = page.getByRole('dialog');
  if (await confirm.count()) await confirm.getByRole('button', { name: /Discard/ }).click();
  await expect(page.getByTestId('rejected-change')).toHaveCount(0);
  await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: Up to date');
  await app.open(`/organizations/${customer!.id}`);
  await expect(page.getByText(customer!.phone!).first()).toBeVisible();
  await expect(page.getByText(mine)).toHaveCount(0);
});
