/**
 * Issue 12: closing a deal as Stalled or No Fit asks why, wherever the stage
 * changes (the board, the detail page's stage path, the form); the reason
 * reaches PostgreSQL with the move, and the dashboard counts the reasons.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures.ts';
import { DEMO_PASSWORD } from '../support/sync-server.ts';

const screens = 'test-results/screens';

test('a stalled or no-fit close asks why on the board, the stage path and the form; the dashboard counts it', async ({
  openApp,
  syncServer,
}) => {
  test.setTimeout(150_000);
  const deals = await syncServer.query<{ id: string; name: string }>(
    `SELECT id, name FROM opportunities WHERE workspace_id = $1 AND deleted_at IS NULL AND stage = 'Demo Scheduled'
     ORDER BY name LIMIT 3`,
    [syncServer.seed.workspaces[0]!.id],
  );
  const [onBoard, onPath, inForm] = deals as [
    { id: string; name: string },
    { id: string; name: string },
    { id: string; name: string },
  ];
  const serverRow = async (id: string) =>
    (
      await syncServer.query<{
        stage: string;
        close_reason: string | null;
        close_reason_note: string | null;
      }>('SELECT stage, close_reason, close_reason_note FROM opportunities WHERE id = $1', [id])
    )[0]!;

  const a = await openApp('rep-close-reasons');
  await a.app.signIn(syncServer.url, 'rep@ws1.pantry.demo', DEMO_PASSWORD);
  await a.app.waitUpToDate();
  const p = a.page;
  const path = p.getByRole('group', { name: 'Stage' });

  // Closed - Won needs no reason: no question asked.
  await a.app.open(`/opportunities/${onBoard.id}`);
  await path.getByRole('button', { name: 'Closed - Won' }).click();
  await expect(p.getByText('Moved to Closed - Won')).toBeVisible();
  await expect(p.getByRole('dialog')).toHaveCount(0);

  // The board: one step on from Closed - Won is Closed - Stalled, which asks why; cancelling moves nothing.
  await a.app.open('/opportunities');
  // A rep's board starts on Mine; these deals are the team's.
  const whose = p.getByRole('radiogroup', { name: 'Whose records' });
  await whose.getByText('Team', { exact: true }).click();
  await expect(whose.getByRole('radio', { name: 'Team' })).toBeChecked();
  await a.app.stepCard(onBoard.name, 'next');
  const boardDialog = p.getByRole('dialog', { name: 'Move to Closed - Stalled' });
  await expect(boardDialog).toBeVisible();
  await boardDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(boardDialog).toBeHidden();
  await a.app.stepCard(onBoard.name, 'next');
  await boardDialog.getByRole('radio', { name: 'No response' }).check();
  await boardDialog.getByRole('button', { name: 'Move to Closed - Stalled' }).click();
  await expect
    .poll(() => serverRow(onBoard.id), { timeout: 30_000 })
    .toEqual({
      stage: 'Closed - Stalled',
      close_reason: 'No response',
      close_reason_note: null,
    });

  // The stage path: a reason is required, a note is welcome.
  await a.app.open(`/opportunities/${onPath.id}`);
  await path.getByRole('button', { name: 'Closed - No Fit' }).click();
  const pathDialog = p.getByRole('dialog', { name: 'Move to Closed - No Fit' });
  await pathDialog.getByRole('button', { name: 'Move to Closed - No Fit' }).click();
  await expect(pathDialog.getByText('Choose a reason')).toBeVisible();
  await pathDialog.getByRole('radio', { name: 'Chose a competitor' }).check();
  const note = `Went with the regional distributor ${randomUUID().slice(0, 6)}`;
  await pathDialog.getByRole('textbox', { name: 'Anything to add?' }).fill(note);
  await p.screenshot({ path: `${screens}/close-reason-dialog.png` });
  await pathDialog.getByRole('button', { name: 'Move to Closed - No Fit' }).click();
  await expect(p.getByText(`Why: Chose a competitor — ${note}`)).toBeVisible();
  await expect
    .poll(() => serverRow(onPath.id), { timeout: 30_000 })
    .toEqual({
      stage: 'Closed - No Fit',
      close_reason: 'Chose a competitor',
      close_reason_note: note,
    });

  // The form: choosing Closed - Stalled shows the question; saving without an answer is refused under it.
  await a.app.open(`/opportunities/${inForm.id}`);
  await p.getByRole('button', { name: 'Edit' }).click();
  const form = p.getByRole('dialog', { name: `Edit ${inForm.name}` });
  await form.getByRole('combobox', { name: 'Stage' }).click();
  await p.getByRole('option', { name: 'Closed - Stalled' }).click();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText('a deal closed as Stalled needs a reason')).toBeVisible();
  await form.getByRole('radio', { name: 'Timing or budget' }).check();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await expect
    .poll(() => serverRow(inForm.id), { timeout: 30_000 })
    .toMatchObject({
      stage: 'Closed - Stalled',
      close_reason: 'Timing or budget',
    });

  // The dashboard counts the last 90 days' reasons, these three included.
  await a.app.open('/');
  const panel = p.getByRole('region', { name: 'Why deals stalled or did not fit' });
  await expect(panel).toBeVisible();
  const count = async (mine: boolean) =>
    (
      await syncServer.query<{ n: string }>(
        `SELECT count(*) AS n FROM opportunities o WHERE workspace_id = $1 AND deleted_at IS NULL
           AND close_reason = 'Chose a competitor' AND stage_changed_at >= now() - interval '90 days'
           AND (NOT $2 OR owner_id = (SELECT id FROM users WHERE email = 'rep@ws1.pantry.demo'))`,
        [syncServer.seed.workspaces[0]!.id, mine],
      )
    )[0]!.n;
  // The panel follows the dashboard's Mine / Team switch (a rep's dashboard starts on Mine).
  const dashboardWhose = p.getByRole('radiogroup', { name: 'Whose records' });
  await expect(panel).toContainText('Your deals');
  const mine = await count(true);
  if (mine === '0') await expect(panel.getByLabel(/^Chose a competitor: /)).toHaveCount(0);
  else await expect(panel.getByLabel(/^Chose a competitor: /)).toContainText(`${mine} (`);
  await p.screenshot({ path: `${screens}/dashboard-mine.png`, fullPage: true });
  await dashboardWhose.getByText('Team', { exact: true }).click();
  await expect(panel).toContainText('Team');
  await expect(panel.getByLabel(/^Chose a competitor: /)).toContainText(`${await count(false)} (`);
  await panel.scrollIntoViewIfNeeded();
  // The screenshot without the earlier moves' notices over it (they close on their own).
  await expect(p.getByText('Moved to Closed - No Fit')).toBeHidden({ timeout: 15_000 });
  await panel.screenshot({ path: `${screens}/dashboard-close-reasons.png` });
});
