/**
 * Issue 12: a stage moved while offline keeps the time it was moved. Rep A's
 * app reaches the server through a proxy the spec switches off; A moves an
 * opportunity's stage, stays offline for several seconds, then reconnects.
 * The synced stage_changed_at is the time of the move, not of the sync, and
 * the server kept when it received it beside it.
 */
import { expect, test } from '../fixtures.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const OFFLINE_MS = 6_000;

test('a stage moved offline keeps its offline time after sync', async ({ openApp, syncServer }) => {
  const proxy = await startSwitchableProxy(syncServer.url);
  try {
    const [deal] = await syncServer.query<{ id: string; name: string }>(
      `SELECT id, name FROM opportunities
       WHERE workspace_id = $1 AND deleted_at IS NULL AND stage = 'Initial Outreach' ORDER BY name DESC LIMIT 1`,
      [syncServer.seed.workspaces[0]!.id],
    );
    const a = await openApp('rep-offline-stage');
    await a.app.signIn(proxy.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
    await a.app.waitUpToDate();
    await a.app.open(`/opportunities/${deal!.id}`);
    await expect(a.page.getByRole('heading', { name: deal!.name })).toBeVisible();

    await proxy.offline();
    await expect(a.app.syncIndicator()).toHaveAccessibleName('Sync status: Offline', { timeout: 15_000 });

    const beforeMove = Date.now();
    await a.page.getByRole('group', { name: 'Stage' }).getByRole('button', { name: 'Feedback Logged' }).click();
    await expect(a.page.getByText('Moved to Feedback Logged')).toBeVisible();
    const afterMove = Date.now();
    await expect(a.app.syncIndicator()).toContainText('1 to send');

    // Offline long enough that "the time of the move" and "the time of the sync" cannot be confused.
    await a.page.waitForTimeout(OFFLINE_MS);
    const backOnline = Date.now();
    await proxy.online();

    const read = () =>
      syncServer.query<{ stage: string; changed_ms: number; received_ms: number }>(
        `SELECT stage, extract(epoch FROM stage_changed_at) * 1000 AS changed_ms,
                extract(epoch FROM stage_change_received_at) * 1000 AS received_ms
         FROM opportunities WHERE id = $1`,
        [deal!.id],
      );
    await expect.poll(async () => (await read())[0]!.stage, { timeout: 45_000 }).toBe('Feedback Logged');
    const [row] = await read();
    const changed = Number(row!.changed_ms);
    const received = Number(row!.received_ms);
    // The time of the move (the device clock is this machine's), to the millisecond the outbox stamped.
    expect(changed).toBeGreaterThanOrEqual(beforeMove - 1);
    expect(changed).toBeLessThanOrEqual(afterMove + 1);
    // Not the time of the sync, which the server kept beside it.
    expect(received).toBeGreaterThanOrEqual(backOnline - 1000);
    expect(received - changed).toBeGreaterThanOrEqual(OFFLINE_MS - 1000);
    const measured = `moved ${Math.round(changed - beforeMove)} ms after the click; reached the server ${Math.round(received - changed)} ms after the move`;
    test.info().annotations.push({ type: 'measured', description: measured });
    console.log(measured);

    await a.app.waitUpToDate(45_000);
    await expect(a.app.syncIndicator()).toContainText('Nothing waiting');
    // The stage history tells both: when it was moved, and that it reached the server later.
    await expect(a.page.getByText(/reached the server \d+ s later/)).toBeVisible({ timeout: 20_000 });
    await a.page.screenshot({ path: 'test-results/screens/offline-stage-history.png', fullPage: true });
  } finally {
    await proxy.close();
  }
});
