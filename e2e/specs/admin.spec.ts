/**
 * Issue 6: the Admin screen against the real server. An admin invites a member
 * (the invitation code is shown once; they join when they sign in with it),
 * changes their role and removes them;
 * on the Devices tab forces a resync of a rep's computer and then revokes it,
 * and the rep's app, in another window on its own data, says it is signed out.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';

test('an admin adds a member, changes the role, and removes them', async ({ openApp, syncServer }) => {
  const { page, app } = await openApp('admin-members');
  await app.signIn(syncServer.url, 'admin@ws1.pantry.demo', DEMO_PASSWORD);
  await app.waitUpToDate();
  await app.open('/admin');
  await expect(page.getByTestId('member-row').filter({ hasText: 'owner@ws1.pantry.demo' })).toBeVisible();

  const email = `new.hire.${randomUUID().slice(0, 6)}@ws1.pantry.demo`;
  await page.getByRole('button', { name: 'Add member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a member' });
  await dialog.getByLabel(/^Email/).fill(email);
  await dialog.getByLabel(/^Name/).fill('Nadia Newhire');
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Viewer', exact: true }).click();
  await dialog.getByRole('button', { name: 'Add member' }).click();
  const added = page.getByRole('dialog', { name: 'Member invited' });
  const code = added.getByTestId('invitation-code');
  await expect(code).toHaveText(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
  await page.screenshot({ path: `${shots}/admin-member-added.png` });
  // The new hire signs in once with the code and a password of their own: that makes the membership.
  const joined = await fetch(`${syncServer.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email, password: await code.innerText(), new_password: 'nadia picks 2026',
      device: { id: randomUUID(), name: 'Nadia laptop', platform: 'linux' },
    }),
  });
  expect(joined.status).toBe(200);
  await added.getByRole('button', { name: 'Done' }).click();
  // The list was read when the invitation was made: open the screen again to see the new member.
  await app.open('/');
  await app.open('/admin');

  const row = page.getByTestId('member-row').filter({ hasText: email });
  await expect(row).toBeVisible();
  await row.getByRole('combobox', { name: 'Role of Nadia Newhire' }).click();
  await page.getByRole('option', { name: 'Manager', exact: true }).click();
  await expect(page.getByText('Nadia Newhire is now manager.')).toBeVisible();
  await expect
    .poll(async () => (await syncServer.query('SELECT m.role FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [email]))[0]?.role)
    .toBe('manager');
  // An admin cannot change the owner: no role picker on the owner's row.
  await expect(page.getByTestId('member-row').filter({ hasText: 'owner@ws1.pantry.demo' }).getByRole('combobox')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/admin-members.png`, fullPage: true });

  await row.getByRole('button', { name: 'Remove Nadia Newhire' }).click();
  await page.getByRole('dialog', { name: 'Remove this member?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('member-row').filter({ hasText: email })).toHaveCount(0);
  expect(
    (await syncServer.query('SELECT m.deleted_at FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [email]))[0]
      ?.deleted_at,
  ).toBeTruthy();
});

test('an admin forces a resync of a rep’s device, then revokes it, and the rep’s app is signed out', async ({ openApp, syncServer }) => {
  const rep = await openApp('rep3');
  await rep.app.signIn(syncServer.url, 'rep3@ws1.pantry.demo', DEMO_PASSWORD);
  await rep.app.waitUpToDate();
  const admin = await openApp('admin-devices');
  await admin.app.signIn(syncServer.url, 'admin@ws1.pantry.demo', DEMO_PASSWORD);
  await admin.app.waitUpToDate();

  const { page } = admin;
  await admin.app.open('/admin?tab=devices');
  const row = page.getByTestId('device-row').filter({ hasText: 'rep3@ws1.pantry.demo' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('v0.1.0');
  await expect(page.getByTestId('device-row').filter({ hasText: 'this device' })).toContainText('admin@ws1.pantry.demo');

  await row.getByRole('button', { name: /^Force a resync of/ }).click();
  await page.getByRole('dialog', { name: 'Force a resync?' }).getByRole('button', { name: 'Force resync' }).click();
  await expect(page.getByText('Resync requested; it downloads everything again at its next sync.')).toBeVisible();
  await expect(row).toContainText('resync asked');
  // The rep's app follows the server's must-refetch and stays up to date (the re-download itself is
  // checked row by row in sync/tests/admin-channels.int.test.ts).
  await rep.app.waitUpToDate();

  await row.getByRole('button', { name: /^Revoke(?! and wipe)/ }).click();
  await page.getByRole('dialog', { name: 'Revoke this device?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('Device revoked; it is signed out now.')).toBeVisible();
  await expect(row).toContainText('Revoked');
  await page.screenshot({ path: `${shots}/admin-devices.png`, fullPage: true });

  await expect(rep.app.syncIndicator()).toHaveAccessibleName('Sync status: Signed out', { timeout: 20_000 });
  await expect(rep.page.getByTestId('signed-out-banner')).toBeVisible();
  await rep.page.screenshot({ path: `${shots}/revoked-signed-out.png` });

  await admin.app.open('/admin?tab=health');
  await expect(page.getByText('Shape service')).toBeVisible();
  await page.screenshot({ path: `${shots}/admin-health.png` });
});

test('the team’s refused changes come 200 at a time, the rest on “Show more”, none skipped', async ({ openApp, syncServer }) => {
  // A rep's desktop pushes a batch of 205 edits of contacts the server does not have: all refused, in one push.
  const signIn = await fetch(`${syncServer.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'rep2@ws1.pantry.demo', password: DEMO_PASSWORD,
      device: { id: randomUUID(), name: 'Rep import laptop', platform: 'linux' },
    }),
  });
  expect(signIn.status).toBe(200);
  const { token } = (await signIn.json()) as { token: string };
  const mutations = Array.from({ length: 205 }, (_, i) => ({
    mutation_id: randomUUID(), table: 'contacts', op: 'update', row_id: randomUUID(),
    changes: { notes: `import row ${i + 1}` }, created_at: new Date().toISOString(),
  }));
  const pushed = await fetch(`${syncServer.url}/v1/mutations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ mutations }),
  });
  expect(pushed.status).toBe(200);
  const { results } = (await pushed.json()) as { results: { status: string }[] };
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(205);

  const { page, app } = await openApp('admin-refused-pages');
  await app.signIn(syncServer.url, 'owner@ws1.pantry.demo', DEMO_PASSWORD);
  await app.waitUpToDate();
  await app.open('/admin?tab=rejected');
  const imported = page.getByTestId('refused-row').filter({ hasText: /import row \d+/ });
  await expect(imported).toHaveCount(200);
  await page.getByRole('button', { name: 'Show more refused changes' }).click();
  await expect(imported).toHaveCount(205);
  // Every one of the batch, once: the page boundary fell inside one push (one received_at).
  const notes = await imported.allInnerTexts();
  expect(new Set(notes.map((n) => /import row (\d+)/.exec(n)![1])).size).toBe(205);
  await expect(page.getByText(/End of the list · \d+ shown/)).toBeVisible();
  await page.screenshot({ path: `${shots}/admin-refused-more.png` });
});
