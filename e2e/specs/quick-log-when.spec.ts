/**
 * Issue 12: quick log says when the interaction happened. A rep logs a call
 * made yesterday afternoon; it reaches PostgreSQL dated then, not now. A time
 * later than now is refused in the form, before anything is saved. The
 * interaction form moves it with the same picker.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

test('quick log dates an interaction yesterday at 15:40, and refuses a time later than now', async ({ openApp, syncServer }) => {
  const [customer] = await syncServer.query<{ name: string }>(
    `SELECT name FROM organizations WHERE workspace_id = $1 AND deleted_at IS NULL AND is_customer ORDER BY name LIMIT 1 OFFSET 2`,
    [syncServer.seed.workspaces[0]!.id],
  );
  const a = await openApp('rep-when');
  await a.app.signIn(syncServer.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
  await a.app.waitUpToDate();
  const p = a.page;

  await p.keyboard.press('Control+l');
  const dialog = p.getByRole('dialog', { name: 'Log an interaction' });
  await dialog.getByRole('combobox', { name: 'About' }).fill(customer!.name);
  await p.getByRole('option').filter({ hasText: customer!.name }).first().click();
  const notes = `Called back about the samples ${randomUUID().slice(0, 8)}`;
  await dialog.getByRole('textbox', { name: 'Notes' }).fill(notes);
  const when = dialog.getByRole('radiogroup', { name: 'When' });
  await expect(dialog.getByText('Logged at the time you save')).toBeVisible();

  // Tomorrow morning: refused on the spot, before anything is saved.
  const now = new Date();
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  await when.getByText('Pick date & time', { exact: true }).click();
  await dialog
    .getByLabel('Date and time')
    .fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`);
  await expect(dialog.getByText('That is later than now: choose a time that has passed')).toBeVisible();

  await when.getByText('Yesterday', { exact: true }).click();
  await dialog.getByLabel('Time yesterday').fill('15:40');
  await p.screenshot({ path: 'test-results/screens/quick-log-when-picker.png' });
  await dialog.getByRole('button', { name: 'Log it' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const yesterday = (h: number, m: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, h, m).toISOString();
  const stored = async () =>
    (await syncServer.query<{ id: string; at: Date }>('SELECT id, interaction_date AS at FROM interactions WHERE notes = $1', [notes]))[0];
  await expect.poll(async () => (await stored())?.at?.toISOString(), { timeout: 30_000 }).toBe(yesterday(15, 40));

  // The interaction form: the same picker, starting at the recorded time; moved to yesterday morning.
  await a.app.open(`/interactions/${(await stored())!.id}`);
  await p.getByRole('button', { name: 'Edit' }).click();
  const form = p.getByRole('dialog', { name: 'Edit interaction' });
  await expect(form.getByLabel('Date and time')).toHaveValue(/T15:40$/);
  await form.getByRole('radiogroup', { name: 'When' }).getByText('Yesterday', { exact: true }).click();
  await form.getByLabel('Time yesterday').fill('09:10');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await expect.poll(async () => (await stored())?.at?.toISOString(), { timeout: 30_000 }).toBe(yesterday(9, 10));
});
