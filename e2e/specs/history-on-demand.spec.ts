/**
 * Issue 13: a record's history comes from the server when the page opens
 * (audit_log is no longer on the desktop). Online, the History tab shows a
 * change made on the server after the first download (only GET /v1/history
 * can have brought it), and follows a change made while it is open; with the
 * server out of reach (the app's proxy
 * switched off), it says in plain words that it shows the copy saved on this
 * computer and your own recent changes, and still shows the saved entries
 * beside a change made offline, labeled as on this computer.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { expect, test } from '../fixtures.ts';
import { runAxe } from '../support/axe.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';
/** Screenshots handed in with the change (test-results/screens/, not committed). */
const review = 'test-results/screens';
const OFFLINE_NOTE = 'Offline: showing history saved on this computer and your own recent changes';

test("a record's history: fetched online, saved copy and own changes offline, said so", async ({
  openApp,
  syncServer,
}) => {
  test.setTimeout(120_000);
  mkdirSync(review, { recursive: true });
  const proxy = await startSwitchableProxy(syncServer.url);
  try {
    const [org] = await syncServer.query<{ id: string; name: string }>(
      `SELECT id, name FROM organizations WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY name LIMIT 1`,
      [syncServer.seed.workspaces[0]!.id],
    );
    const { page, app } = await openApp('history');
    await app.signIn(proxy.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
    await app.waitUpToDate(60_000);

    // A change on the server after the download: its audit row exists only on the server.
    // It also hands the account to the manager: a member column reads as the member's name.
    const website = `history-${randomUUID().slice(0, 8)}.example`;
    const [manager] = await syncServer.query<{ id: string; display_name: string }>(
      `SELECT id, display_name FROM users WHERE email = 'manager@ws1.pantry.demo'`,
    );
    await syncServer.query(
      'UPDATE organizations SET website = $1, account_manager_id = $2 WHERE id = $3',
      [website, manager!.id, org!.id],
    );

    await app.open(`/organizations/${org!.id}`);
    await expect(page.getByRole('heading', { name: org!.name })).toBeVisible();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('tabpanel', { name: 'History' });
    await expect(history).toContainText(website, { timeout: 20_000 });
    await expect(history).toContainText(manager!.display_name);
    await expect(history).not.toContainText(`record …${manager!.id.slice(-6)}`);
    await expect(history.getByText('On the server').first()).toBeVisible();
    await expect(history).not.toContainText(OFFLINE_NOTE);
    // Changed on the server while the page is open: the record's stream brings it, and the history follows.
    const notes = `Changed while you looked ${randomUUID().slice(0, 8)}`;
    await syncServer.query('UPDATE organizations SET notes = $1 WHERE id = $2', [notes, org!.id]);
    await expect(history).toContainText(notes, { timeout: 20_000 });
    await page.screenshot({ path: `${shots}/history-online.png` });
    await page.screenshot({ path: `${review}/history-online.png` });

    await proxy.offline();
    await expect(app.syncIndicator()).toHaveAccessibleName('Sync status: Offline', {
      timeout: 15_000,
    });
    // An edit made offline: on this computer only, listed beside the saved copy.
    await page.getByRole('button', { name: 'Edit' }).click();
    await app.fillAndSave({ Phone: '+1 555 0199' }, 'Save changes');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    // The "Changes saved" toast's close button has a name a screen reader can say (theme.ts).
    await expect(page.getByRole('button', { name: 'Close notification' }).first()).toBeVisible();
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(history.getByText(OFFLINE_NOTE)).toBeVisible({ timeout: 20_000 });
    await expect(history).toContainText(website);
    await expect(history).toContainText('+1 555 0199');
    await expect(history.getByText('On this computer').first()).toBeVisible();
    await expect(history.getByText('Saved from the server').first()).toBeVisible();
    await page.screenshot({ path: `${shots}/history-offline.png` });
    await page.screenshot({ path: `${review}/history-offline.png` });
    // The offline note and the badges pass axe like every other screen (once the toast is gone,
    // so the check is about this panel).
    await expect(page.getByText('Changes saved')).toHaveCount(0, { timeout: 15_000 });
    expect((await runAxe(page)).blocking).toEqual([]);

    // Back online: the server's history again, the note gone.
    await proxy.online();
    await app.waitUpToDate(45_000);
    await expect(history).not.toContainText(OFFLINE_NOTE, { timeout: 20_000 });
    await expect(history).toContainText('+1 555 0199');
  } finally {
    await proxy.close();
  }
});
