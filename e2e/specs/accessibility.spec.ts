/**
 * Accessibility: axe-core on every main screen, in light and in dark, as an
 * owner signed in to the seeded server (so every screen has data and Admin
 * has members). Any serious or critical violation fails; the count of all
 * violations per screen is printed and attached as an annotation for the report.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { runAxe, type AxeSummary } from '../support/axe.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

type Scheme = 'light' | 'dark';

interface Screen {
  name: string;
  route: string;
  /** Waits for what makes the screen whole (its data, an open dialog). */
  ready(page: Page): Promise<void>;
}

const h1 = (page: Page) => expect(page.locator('main h1')).toHaveCount(1);
const loaded = async (page: Page) => {
  await h1(page);
  await expect(page.locator('main [role="status"]').filter({ hasText: /Loading/ })).toHaveCount(0);
};

for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
  test(`every main screen passes axe (serious, critical) in ${scheme}`, async ({ openApp, syncServer }, testInfo) => {
    test.setTimeout(240_000);
    const ws = syncServer.seed.workspaces[0]!.id;
    const [org] = await syncServer.query<{ id: string }>(
      `SELECT o.id FROM organizations o WHERE o.workspace_id = $1 AND o.deleted_at IS NULL AND NOT o.is_principal
       AND EXISTS (SELECT 1 FROM contacts c WHERE c.organization_id = o.id) ORDER BY o.name LIMIT 1`,
      [ws],
    );
    const [contact] = await syncServer.query<{ id: string }>(
      'SELECT id FROM contacts WHERE organization_id = $1 AND deleted_at IS NULL ORDER BY last_name LIMIT 1',
      [org!.id],
    );
    const screens: Screen[] = [
      { name: 'dashboard', route: '/', ready: loaded },
      { name: 'organizations list', route: '/organizations', ready: async (p) => { await loaded(p); await p.getByRole('table').first().waitFor(); } },
      { name: 'organization page', route: `/organizations/${org!.id}`, ready: loaded },
      { name: 'contact page', route: `/contacts/${contact!.id}`, ready: loaded },
      { name: 'pipeline board', route: '/opportunities', ready: async (p) => { await loaded(p); await p.getByTestId('pipeline-card').first().waitFor(); } },
      { name: 'opportunities list', route: '/opportunities?view=list', ready: async (p) => { await loaded(p); await p.getByRole('table').first().waitFor(); } },
      { name: 'follow-ups', route: '/follow-ups', ready: loaded },
      { name: 'interactions', route: '/follow-ups?tab=all', ready: loaded },
      { name: 'products', route: '/products', ready: async (p) => { await loaded(p); await p.getByRole('table').first().waitFor(); } },
      {
        name: 'quick log open',
        route: '/',
        ready: async (p) => {
          await loaded(p);
          await p.keyboard.press('Control+l');
          await p.getByRole('dialog', { name: 'Log an interaction' }).waitFor();
          // Checked once it has faded in: mid-transition colours are blends (seen on a loaded machine).
          await p.waitForFunction(() => {
            const dialog = document.querySelector('[role="dialog"]');
            const settled = document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running');
            return dialog !== null && getComputedStyle(dialog).opacity === '1' && settled;
          });
        },
      },
      { name: 'admin', route: '/admin', ready: async (p) => { await loaded(p); await p.getByTestId('member-row').first().waitFor(); } },
    ];

    const { page, app } = await openApp(`axe-${scheme}`);
    await page.emulateMedia({ colorScheme: scheme });
    await app.signIn(syncServer.url, 'owner@ws1.pantry.demo', DEMO_PASSWORD);
    await app.waitUpToDate(90_000);
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);

    const found: [string, AxeSummary][] = [];
    for (const screen of screens) {
      await app.open(screen.route);
      await screen.ready(page);
      found.push([screen.name, await runAxe(page)]);
      await page.keyboard.press('Escape');
      // A dialog closed here fades out while the next screen loads; axe would
      // read its half-transparent text as a contrast failure of that screen.
      await expect(page.getByRole('dialog')).toHaveCount(0);
    }

    const report = found.map(([name, s]) => `${scheme} ${name}: ${s.total} violation(s) on ${s.nodes} node(s)${s.lines.length ? `\n    ${s.lines.join('\n    ')}` : ''}`);
    console.log(`axe, ${scheme}:\n  ${report.join('\n  ')}`);
    for (const [name, s] of found) {
      testInfo.annotations.push({ type: `axe ${scheme}: ${name}`, description: `${s.total} violation(s), ${s.blocking.length} serious or critical` });
    }
    for (const [name, s] of found) expect.soft(s.blocking, `${scheme} ${name}: serious or critical violations`).toEqual([]);
  });
}
