/**
 * Issue 6: two reps on two computers. Rep A's app reaches the server through
 * a proxy the spec switches off (A is offline: the connection is refused);
 * A logs an interaction anyway, sees it waiting, and once the connection is
 * back it reaches PostgreSQL and appears in rep B's app without B doing
 * anything.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';

test('rep A logs an interaction offline, reconnects, and rep B sees it', async ({ openApp, syncServer }) => {
  const proxy = await startSwitchableProxy(syncServer.url);
  try {
    const [customer] = await syncServer.query<{ id: string; name: string }>(
      `SELECT id, name FROM organizations
       WHERE workspace_id = $1 AND deleted_at IS NULL AND NOT is_principal AND NOT is_distributor ORDER BY name LIMIT 1`,
      [syncServer.seed.workspaces[0]!.id],
    );
    const a = await openApp('rep-a');
    const b = await openApp('rep-b');
    await a.app.signIn(proxy.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
    await b.app.signIn(syncServer.url, 'rep2@ws1.pantry.demo', DEMO_PASSWORD);
    await a.app.waitUpToDate();
    await b.app.waitUpToDate();

    await proxy.offline();
    await expect(a.app.syncIndicator()).toHaveAccessibleName('Sync status: Offline', { timeout: 15_000 });

    const notes = `Walked the kitchen with the chef, offline ${randomUUID().slice(0, 8)}`;
    await a.app.quickLog({
      about: customer!.name,
      // The organization itself (its option reads "<name> — <segment>"), not one of its contacts or deals.
      option: new RegExp(`^${customer!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( —|$)`),
      type: 'Meeting',
      notes,
      sentiment: 'Positive',
    });
    await expect(a.app.syncIndicator()).toContainText('1 to send');
    await a.app.open(`/organizations/${customer!.id}`);
    await expect(a.page.getByText(notes).first()).toBeVisible();
    await a.page.screenshot({ path: `${shots}/offline-pending.png` });
    expect(await syncServer.query('SELECT 1 FROM interactions WHERE notes = $1', [notes])).toHaveLength(0);

    // B looks at the same customer meanwhile: nothing from A yet.
    await b.app.open(`/organizations/${customer!.id}`);
    await expect(b.page.getByRole('heading', { name: customer!.name })).toBeVisible();
    await expect(b.page.getByText(notes)).toHaveCount(0);

    await proxy.online();
    await expect
      .poll(async () => (await syncServer.query('SELECT 1 FROM interactions WHERE notes = $1', [notes])).length, { timeout: 45_000 })
      .toBe(1);
    await a.app.waitUpToDate(45_000);
    await expect(a.app.syncIndicator()).toContainText('Nothing waiting');

    // B was looking at the customer all along: the interaction arrives on its own.
    await expect(b.page.getByText(notes).first()).toBeVisible({ timeout: 20_000 });
    await b.page.screenshot({ path: `${shots}/second-client-sees-it.png`, fullPage: true });
  } finally {
    await proxy.close();
  }
});
