/**
 * The app as a demanding user meets it (issue "Layout"), on the seeded server
 * workspace at 1440x900 and 1024x700:
 *  - a contact with a very long email: nothing in the details card runs over
 *    its field or out of the card (bounding boxes), badges are never cut short;
 *  - "last interaction" reads the same on the list, the record's page and the
 *    dashboard (one column, one helper);
 *  - the quick log: Ctrl+L on a record's page starts "About" with it, Esc
 *    closes it at the first press (list open or not), the suggestion list
 *    never covers the type buttons;
 *  - the board: full stage names and counts, owner and days in stage on every
 *    card, a card under the pointer while dragging, headers in view;
 *  - the sections column collapses (button, keyboard), remembered on reload;
 *  - an interaction's history names the records it points to.
 * Screenshots of the dashboard, the board and the contact page at both sizes
 * land in test-results/e2e/screens/layout-*.png.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, type OpenedApp } from '../fixtures.ts';
import { DEMO_PASSWORD, type E2eServer } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';
const LONG_EMAIL = 'purchasing.department.director.of.food.and.beverage@coppertaverngrillandsupperclub-hospitalitygroup.example';
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

type Box = { x: number; y: number; width: number; height: number };

async function box(l: Locator): Promise<Box> {
  await expect(l).toBeVisible();
  const b = await l.boundingBox();
  expect(b, 'element has a box').not.toBeNull();
  return b!;
}

/** a lies inside b (a pixel of rounding allowed). */
function inside(a: Box, b: Box): boolean {
  return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
}

/** Text an element cuts short (an ellipsis, or content wider than its box). */
async function isCut(l: Locator): Promise<boolean> {
  return l.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
}

/** The contact page's details card: every field inside the card, the email beside (never over) the phone. */
async function expectDetailsFit(page: Page): Promise<void> {
  const card = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'Details' }) });
  const cardBox = await box(card);
  const fields = card.getByTestId('detail-field');
  expect(await fields.count()).toBeGreaterThan(3);
  for (const f of await fields.all()) {
    expect(inside(await box(f), cardBox), 'a field stays inside the card').toBe(true);
    // Nothing inside a field is wider than the field (the email breaks instead).
    const fieldBox = await box(f);
    for (const child of await f.locator('*').all()) expect(inside(await box(child), fieldBox), 'a value stays inside its field').toBe(true);
  }
  const email = card.getByRole('link', { name: LONG_EMAIL });
  const phone = card.locator('a[href^="tel:"]');
  expect(overlap(await box(email), await box(phone)), 'the email does not cover the phone').toBe(false);
  const badge = page.getByTestId('advocacy-badge').first();
  expect(await isCut(badge.locator('.mantine-Badge-label')), 'the advocacy badge is whole').toBe(false);
}

interface Seeded {
  contact: { id: string; name: string };
  /** A principal whose last activity (the server view's, through its links) is days after its own last interaction. */
  principal: { id: string; name: string; last_activity_at: string; engagement: string };
  interaction: { id: string; contact: string };
}

/** The records the journeys look at, from the seeded workspace; the contact gets a very long email (once per server). */
async function seeded(syncServer: E2eServer): Promise<Seeded> {
  const ws = syncServer.seed.workspaces[0]!.id;
  const [contact] = await syncServer.query<{ id: string; name: string }>(
    `SELECT c.id, c.first_name || ' ' || c.last_name AS name FROM contacts c
     WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.phone IS NOT NULL AND c.organization_id IS NOT NULL
       AND c.first_name IS NOT NULL AND c.last_name IS NOT NULL
     ORDER BY c.id DESC LIMIT 1`,
    [ws],
  );
  await syncServer.query('UPDATE contacts SET email = $2 WHERE id = $1 AND email IS DISTINCT FROM $2', [contact!.id, LONG_EMAIL]);
  // A principal whose own last interaction differs from the activity on its products' opportunities:
  // the two numbers the screens used to mix up.
  const [principal] = await syncServer.query<{ id: string; name: string; last_activity_at: string; engagement: string }>(
    `SELECT o.id, o.name, to_json(s.last_activity_at) #>> '{}' AS last_activity_at, s.engagement_level::text AS engagement
     FROM organizations o
     JOIN principal_activity_summary s ON s.principal_id = o.id
     WHERE o.workspace_id = $1 AND o.is_principal AND o.deleted_at IS NULL AND o.last_interaction_at IS NOT NULL
       AND s.last_activity_at IS NOT NULL AND s.last_activity_at > o.last_interaction_at + interval '2 days'
     ORDER BY o.name LIMIT 1`,
    [ws],
  );
  expect(principal, 'the seed has such a principal').toBeTruthy();
  const [interaction] = await syncServer.query<{ id: string; contact: string }>(
    `SELECT i.id, c.first_name || ' ' || c.last_name AS contact FROM interactions i
     JOIN contacts c ON c.id = i.contact_id
     WHERE i.workspace_id = $1 AND i.deleted_at IS NULL AND c.first_name IS NOT NULL AND c.last_name IS NOT NULL
     ORDER BY i.id LIMIT 1`,
    [ws],
  );
  return { contact: contact!, principal: principal!, interaction: interaction! };
}

/** The owner's app, synced. */
async function signedIn(openApp: (label: string) => Promise<OpenedApp>, syncServer: E2eServer, label: string): Promise<OpenedApp> {
  const opened = await openApp(label);
  await opened.app.signIn(syncServer.url, 'owner@ws1.pantry.demo', DEMO_PASSWORD);
  await opened.app.waitUpToDate(60_000);
  return opened;
}

test('long values stay whole and inside their cards (dashboard, board, contact at 1440x900 and 1024x700)', async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { contact } = await seeded(syncServer);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-sizes');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const tag = `${size.width}x${size.height}`;
    await app.open('/');
    await expect(page.getByTestId('principal-card').first()).toBeVisible();
    await page.screenshot({ path: `${shots}/layout-dashboard-${tag}.png` });

    await app.open('/opportunities');
    await expect(page.getByTestId('pipeline-card').first()).toBeVisible();
    await expect(page.getByTestId('stage-title')).toHaveCount(9);
    for (const title of await page.getByTestId('stage-title').all()) expect(await isCut(title), 'a stage name is whole').toBe(false);
    await expect(page.getByTestId('stage-count')).toHaveCount(9);
    for (const count of await page.getByTestId('stage-count').all()) {
      await expect(count).toHaveText(/^[\d,]+ opportunit(y|ies)$/);
      expect(await isCut(count), 'a stage count is whole').toBe(false);
    }
    // The board fits the window: its column headers stay in view, its cards scroll inside.
    const board = await box(page.getByTestId('pipeline-board'));
    expect(board.y + board.height).toBeLessThanOrEqual(size.height);
    await page.screenshot({ path: `${shots}/layout-board-${tag}.png` });

    await app.open(`/contacts/${contact.id}`);
    await expect(page.getByRole('heading', { name: contact.name })).toBeVisible();
    await expectDetailsFit(page);
    await page.screenshot({ path: `${shots}/layout-contact-${tag}.png` });
  }
});

test('last interaction reads the same on the list and the record page; a principal\'s card and panel show its last activity through its links', async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { principal } = await seeded(syncServer);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-last');
  await app.open(`/organizations?q=${encodeURIComponent(principal.name)}`);
  const row = page.getByRole('row').filter({ hasText: principal.name }).first();
  const cell = row.getByTestId('last-interaction');
  await expect(cell).toBeVisible();
  const onList = (await cell.textContent())!;
  expect(onList).not.toBe('never');
  await app.open(`/organizations/${principal.id}`);
  await expect(page.getByRole('heading', { name: principal.name })).toBeVisible();
  await expect(page.getByTestId('last-interaction').first()).toHaveText(onList);
  // The principal panel's count says what it counts.
  await expect(page.getByText(/^\d[\d,]*\+? opportunit(y|ies)$/).first()).toBeVisible();
  // Its last activity: the server view's, through the links the gauge counts (the seeded principal's
  // is days later than its own last interaction, so the two read differently).
  // The exact moment on hover, written as the app writes times in this browser.
  const exact = await page.evaluate(
    (at) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at)),
    principal.last_activity_at,
  );
  const panelActivity = page.getByTestId('last-activity').first();
  await expect(panelActivity).toHaveAttribute('title', exact);
  const onPanel = (await panelActivity.textContent())!;
  expect(onPanel).not.toBe(onList);
  await app.open('/');
  const principalCard = page.getByTestId('principal-card').filter({ hasText: principal.name });
  await expect(principalCard.getByTestId('last-activity')).toHaveText(onPanel);
  await expect(principalCard.getByTestId('last-activity')).toHaveAttribute('title', exact);
  await expect(principalCard.getByTestId('last-interaction')).toHaveCount(0);
  // The gauge beside it counts from the same moment: the card never says "High" beside "never".
  await expect(principalCard.getByRole('img', { name: `Engagement ${principal.engagement}` })).toBeVisible();
});

test('quick log: Ctrl+L is about the record on screen, Esc closes at the first press, the list clears the type buttons', async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { contact } = await seeded(syncServer);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-quick-log');
  await app.open(`/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: contact.name })).toBeVisible();
  await page.keyboard.press('Control+l');
  const dialog = page.getByRole('dialog', { name: 'Log an interaction' });
  const aboutBox = dialog.getByRole('combobox', { name: 'About' });
  await expect(aboutBox).toHaveValue(new RegExp(`^${contact.name}`));
  await expect(aboutBox).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // With the suggestion list open (typing): it lies clear of the type buttons, and one Esc still closes.
  await page.keyboard.press('Control+l');
  await aboutBox.fill('a');
  const list = page.getByRole('listbox');
  await expect(page.getByRole('option').first()).toBeVisible();
  expect(overlap(await box(list), await box(dialog.getByRole('radiogroup', { name: 'Type' }))), 'the list does not cover the type buttons').toBe(false);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('board: owner and days in stage on cards, a card under the pointer while dragging', async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-board');
  await page.setViewportSize(SIZES[0]);
  await app.open('/opportunities');
  const card = page.getByTestId('pipeline-card').first();
  await expect(card.getByTestId('card-owner')).toHaveText(/^(Owner: .+|No owner)$/);
  await expect(card.getByTestId('card-days-in-stage')).toHaveText(/in stage/);
  const from = await box(card);
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 40, from.y + 60, { steps: 5 });
  await page.mouse.move(from.x + from.width / 2 + 120, from.y + 120, { steps: 5 });
  const overlay = page.getByTestId('pipeline-drag-overlay');
  const overlayBox = await box(overlay);
  expect(overlayBox.x, 'the copy follows the pointer').toBeGreaterThan(from.x + 60);
  await expect(overlay).toContainText((await card.getByTestId('card-owner').textContent())!);
  await page.screenshot({ path: `${shots}/layout-board-dragging.png` });
  // Esc cancels the drag: nothing moves, the copy goes.
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(overlay).toHaveCount(0);
});

test("an interaction's history names the contact it is about", async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { interaction } = await seeded(syncServer);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-history');
  await app.open(`/interactions/${interaction.id}`);
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('tabpanel', { name: 'History' });
  await expect(history.getByRole('cell', { name: 'Contact', exact: true }).first()).toBeVisible();
  await expect(history).toContainText(interaction.contact);
  await expect(history).not.toContainText('record …');
});

test('the sections column collapses by keyboard and stays collapsed after a reload', async ({ openApp, syncServer }) => {
  test.setTimeout(120_000);
  const { page, app } = await signedIn(openApp, syncServer, 'layout-sections');
  await page.setViewportSize(SIZES[1]);
  await app.open('/opportunities');
  const sections = page.getByRole('navigation', { name: 'Sections' });
  const toggle = page.getByRole('button', { name: 'Hide sections' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(sections).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show sections' })).toHaveAttribute('aria-expanded', 'false');
  await expect(sections).toBeHidden();
  await expect(page.getByTestId('pipeline-card').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/layout-board-1024x700-collapsed.png` });
  await page.getByRole('button', { name: 'Show sections' }).click();
  await expect(sections).toBeVisible();
});
