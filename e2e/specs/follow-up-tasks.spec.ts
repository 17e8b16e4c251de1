/**
 * "My work first" (issue 12) as a rep meets it, against the seeded sync
 * server: the follow-ups start on Mine (assigned to me) and one switch shows
 * the team's, with the counts and the navigation badge following and the
 * choice remembered; snooze moves a follow-up to tomorrow, Done takes it off
 * the list and Undo brings it back, both reaching PostgreSQL; a follow-up that
 * falls due raises a desktop notification whose click opens it, and the day's
 * digest comes at the first start; a new opportunity is owned by its maker,
 * someone else's owner is locked for a rep, an account manager can be changed.
 * Screenshots land in test-results/e2e/screens.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import {
  clickNotification,
  recordDesktopNotifications,
  shownNotifications,
} from '../support/notification-recorder.ts';
import { DEMO_PASSWORD, type E2eServer } from '../support/sync-server.ts';

const shots = 'test-results/e2e/screens';
const REP = 'rep@ws1.pantry.demo';

function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function repOf(server: E2eServer) {
  const [rep] = await server.query<{ id: string; display_name: string; workspace_id: string }>(
    `SELECT u.id, u.display_name, m.workspace_id FROM users u JOIN workspace_members m ON m.user_id = u.id
     WHERE u.email = $1`,
    [REP],
  );
  return rep!;
}

/** Open follow-ups of the rep's workspace, overdue and due today: all, and assigned to the rep. */
async function dueCounts(server: E2eServer, rep: { id: string; workspace_id: string }) {
  const [row] = await server.query<{ team_overdue: number; mine_overdue: number; team_due: number; mine_due: number }>(
    `SELECT count(*) FILTER (WHERE follow_up_date < $3::date)::int AS team_overdue,
            count(*) FILTER (WHERE follow_up_date < $3::date AND follow_up_assignee_id = $2)::int AS mine_overdue,
            count(*) FILTER (WHERE follow_up_date <= $3::date)::int AS team_due,
            count(*) FILTER (WHERE follow_up_date <= $3::date AND follow_up_assignee_id = $2)::int AS mine_due
     FROM interactions WHERE workspace_id = $1 AND follow_up_required AND follow_up_done_at IS NULL AND deleted_at IS NULL`,
    [rep.workspace_id, rep.id, localDate()],
  );
  return row!;
}

/** The number on an urgency card of the follow-ups screen ("12 Overdue"). */
async function urgencyCount(page: Page, label: 'Overdue' | 'Due today'): Promise<number> {
  const text = await page.getByRole('button', { name: new RegExp(`${label}$`) }).innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

async function signInAsRep(app: { signIn(u: string, e: string, p: string): Promise<void>; waitUpToDate(t?: number): Promise<void> }, server: E2eServer) {
  await app.signIn(server.url, REP, DEMO_PASSWORD);
  await app.waitUpToDate(60_000);
}

const scope = (page: Page) => page.getByRole('radiogroup', { name: 'Whose records' });

test('a rep sees only their own follow-ups by default and the team’s with one switch, remembered', async ({ openApp, syncServer }) => {
  const rep = await repOf(syncServer);
  const expected = await dueCounts(syncServer, rep);
  // The journey means something only if the rep has some and the team has more.
  expect(expected.mine_overdue).toBeGreaterThan(0);
  expect(expected.team_overdue).toBeGreaterThan(expected.mine_overdue);

  const { page, app } = await openApp('scope');
  await signInAsRep(app, syncServer);
  await app.open('/follow-ups');
  await expect(scope(page).getByRole('radio', { name: 'Mine' })).toBeChecked();
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(expected.mine_overdue);
  const cards = page.getByTestId('follow-up');
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all())
    await expect(card.getByLabel(`Assigned to ${rep.display_name}`)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Follow-ups/ });
  await expect(nav).toContainText(String(expected.mine_due));
  await page.screenshot({ path: `${shots}/follow-ups-mine.png`, animations: 'disabled' });

  await scope(page).getByText('Team', { exact: true }).click();
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(expected.team_overdue);
  await expect(nav).toContainText(String(expected.team_due));
  await expect(cards.filter({ hasNot: page.getByLabel(`Assigned to ${rep.display_name}`) }).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/follow-ups-team.png`, animations: 'disabled' });

  // Remembered for this user and screen across a restart of the page; other screens keep their own.
  await page.reload();
  await app.open('/follow-ups');
  await expect(scope(page).getByRole('radio', { name: 'Team' })).toBeChecked();
  await app.open('/opportunities?view=list');
  await expect(scope(page).getByRole('radio', { name: 'Mine' })).toBeChecked();
  await app.open('/');
  await expect(scope(page).getByRole('radio', { name: 'Mine' })).toBeChecked();
  await expect(page.getByText('Follow-ups', { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard-mine.png`, animations: 'disabled' });
});

test('snooze moves a follow-up to tomorrow; Done takes one off the list and Undo brings it back; reassign hands one over', async ({ openApp, syncServer }) => {
  const rep = await repOf(syncServer);
  const [manager] = await syncServer.query<{ id: string; display_name: string }>(
    `SELECT u.id, u.display_name FROM users u JOIN workspace_members m ON m.user_id = u.id
     WHERE m.workspace_id = $1 AND m.role = 'manager' AND m.deleted_at IS NULL LIMIT 1`,
    [rep.workspace_id],
  );
  const { page, app } = await openApp('snooze');
  await signInAsRep(app, syncServer);
  await app.open('/follow-ups?urgency=overdue');
  const cards = page.getByTestId('follow-up');
  await expect(cards.first()).toBeVisible();
  const idOf = async (i: number) =>
    ((await cards.nth(i).locator('a[href*="#/interactions/"]').first().getAttribute('href')) ?? '').split('/').pop()!;
  const overdue = await urgencyCount(page, 'Overdue');

  const snoozed = await idOf(0);
  await cards.nth(0).getByRole('button', { name: /^Snooze the follow-up/ }).click();
  await page.getByRole('menuitem', { name: 'Tomorrow' }).click();
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(overdue - 1);
  await expect(page.locator(`a[href$="/interactions/${snoozed}"]`)).toHaveCount(0);

  const done = await idOf(0);
  await cards.nth(0).getByRole('button', { name: /^Mark the follow-up with/ }).click();
  const toast = page.getByRole('alert').filter({ hasText: /^Follow-up with .+ done/ });
  await expect(toast).toBeVisible();
  await expect(page.locator(`a[href$="/interactions/${done}"]`)).toHaveCount(0);
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(overdue - 2);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator(`a[href$="/interactions/${done}"]`)).toHaveCount(1);
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(overdue - 1);

  // Handed to the manager, it leaves Mine.
  const handed = await idOf(0);
  await cards.nth(0).getByRole('button', { name: /^Reassign the follow-up/ }).click();
  await page.getByRole('menuitem', { name: manager!.display_name }).click();
  await expect(page.locator(`a[href$="/interactions/${handed}"]`)).toHaveCount(0);
  await expect.poll(() => urgencyCount(page, 'Overdue')).toBe(overdue - 2);
  await expect
    .poll(async () => (await syncServer.query<{ a: string }>('SELECT follow_up_assignee_id AS a FROM interactions WHERE id = $1', [handed]))[0]?.a, { timeout: 20_000 })
    .toBe(manager!.id);

  // Both reached PostgreSQL as the rep's edits.
  await expect
    .poll(async () =>
      (
        await syncServer.query<{ id: string; date: string; done: boolean }>(
          `SELECT id, follow_up_date::text AS date, follow_up_done_at IS NOT NULL AS done FROM interactions WHERE id = ANY($1)`,
          [[snoozed, done]],
        )
      ).sort((a, b) => (a.id === snoozed ? -1 : b.id === snoozed ? 1 : 0)),
    { timeout: 20_000 })
    .toEqual([
      expect.objectContaining({ id: snoozed, date: localDate(1), done: false }),
      expect.objectContaining({ id: done, done: false }),
    ]);
});

test('a follow-up that falls due raises a notification whose click opens it; the day’s digest comes first', async ({ openApp, syncServer }) => {
  const { page, app } = await openApp('reminders');
  await recordDesktopNotifications(page.context(), new URL(page.url()).origin);
  await page.reload();
  await signInAsRep(app, syncServer);

  // The first start of the day: one digest of today's follow-ups; its click opens the list.
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.tag)).toContain(`digest-${localDate()}`);
  const digest = (await shownNotifications(page)).find((n) => n.tag.startsWith('digest-'))!;
  expect(digest.title).toMatch(/^\d+ follow-ups? for today/);
  await clickNotification(page, digest.tag);
  await expect(page).toHaveURL(/#\/follow-ups$/);

  // A follow-up for now (this minute): logged with the quick log, it falls due at once.
  const now = new Date();
  const at = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  await page.keyboard.press('Control+l');
  const log = page.getByRole('dialog', { name: 'Log an interaction' });
  await log.getByRole('combobox', { name: 'About' }).fill('a');
  await page.getByRole('option').first().click();
  await log.getByRole('textbox', { name: 'Notes' }).fill('Call back about the sample order');
  await log.getByRole('radiogroup', { name: 'Follow up' }).getByText('Pick a date', { exact: true }).click();
  await log.getByLabel('Follow-up date').fill(localDate());
  await log.getByLabel('At (optional)').fill(at);
  await log.getByRole('button', { name: 'Log it' }).click();
  await log.waitFor({ state: 'hidden' });

  await expect
    .poll(async () => (await shownNotifications(page)).filter((n) => n.tag.startsWith('follow-up-')).length, { timeout: 15_000 })
    .toBe(1);
  const reminder = (await shownNotifications(page)).find((n) => n.tag.startsWith('follow-up-'))!;
  expect(reminder.title).toContain(`at ${at}`);
  expect(reminder.body).toBe('Call back about the sample order');
  const id = reminder.tag.replace('follow-up-', '');
  await clickNotification(page, reminder.tag);
  await expect(page).toHaveURL(new RegExp(`#/interactions/${id}$`));
  await expect(page.getByText('Call back about the sample order').first()).toBeVisible();

  // Shown once: a reload does not repeat the reminder nor the digest.
  await page.reload();
  await app.waitUpToDate(60_000);
  await page.waitForTimeout(1500);
  expect(await shownNotifications(page)).toEqual([]);
});

test('a new opportunity is owned by its maker; someone else’s owner is locked for a rep; an account manager can be changed', async ({ openApp, syncServer }) => {
  const rep = await repOf(syncServer);
  const [customer] = await syncServer.query<{ id: string; name: string }>(
    `SELECT id, name FROM organizations WHERE workspace_id = $1 AND is_customer AND deleted_at IS NULL ORDER BY name LIMIT 1`,
    [rep.workspace_id],
  );
  const [othersOpp] = await syncServer.query<{ id: string }>(
    `SELECT id FROM opportunities WHERE workspace_id = $1 AND owner_id IS NOT NULL AND owner_id <> $2 AND deleted_at IS NULL LIMIT 1`,
    [rep.workspace_id, rep.id],
  );
  const [manager] = await syncServer.query<{ id: string; display_name: string }>(
    `SELECT u.id, u.display_name FROM users u JOIN workspace_members m ON m.user_id = u.id
     WHERE m.workspace_id = $1 AND m.role = 'manager' AND m.deleted_at IS NULL LIMIT 1`,
    [rep.workspace_id],
  );
  const { page, app } = await openApp('owners');
  await signInAsRep(app, syncServer);

  await app.open('/opportunities');
  await page.getByRole('button', { name: 'New opportunity' }).click();
  const form = page.getByRole('dialog', { name: 'New opportunity' });
  await form.getByLabel(/^Name/).fill('Walk-in cooler samples');
  await app.pick('Customer', customer!.name);
  await expect(form.getByRole('combobox', { name: 'Owner' })).toHaveAttribute('placeholder', 'You');
  await form.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(page).toHaveURL(/#\/opportunities\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Owner', { exact: true }).locator('..')).toContainText(rep.display_name);

  await app.open(`/opportunities/${othersOpp!.id}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog');
  await expect(edit.getByRole('combobox', { name: 'Owner' })).toBeDisabled();
  await expect(edit).toContainText('Only the owner, a manager or an admin can change the owner');
  await page.screenshot({ path: `${shots}/owner-locked.png`, animations: 'disabled' });
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await app.open(`/organizations/${customer!.id}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  await app.pick('Account manager', manager!.display_name);
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByText('Account manager', { exact: true }).locator('..')).toContainText(manager!.display_name);
  await expect
    .poll(async () => (await syncServer.query<{ m: string }>('SELECT account_manager_id AS m FROM organizations WHERE id = $1', [customer!.id]))[0]?.m, { timeout: 20_000 })
    .toBe(manager!.id);
});
