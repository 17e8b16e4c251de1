/**
 * Principal-centric reporting from contact-centric entry (issue 12): a rep logs
 * a call with a restaurant's chef, names the two principals discussed as chips
 * in the quick log (typed into the combobox, Enter adds), and both principals'
 * dashboard cards move from Inactive to High with the call counted, although
 * the call names no opportunity. Its own app and data directory (offline).
 */
import { expect, test } from '../fixtures.ts';

const shots = 'test-results/e2e/screens';

test('a call with a customer contact and two principals discussed counts on both principal cards', async ({
  openApp,
}) => {
  const { page, app } = await openApp('principal-links');
  await app.open('/');

  for (const name of ['Sunrise Dairy', 'Crunch Co']) {
    await app.goTo('Organizations');
    await page.getByRole('button', { name: 'New organization' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New organization' });
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel('Principal (a manufacturer we represent)').check();
    await dialog.getByLabel('Customer (buys from our principals)').uncheck();
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
  }
  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  const customer = page.getByRole('dialog', { name: 'New organization' });
  await customer.getByLabel(/^Name/).fill('Elm Street Bistro');
  await customer.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Elm Street Bistro' })).toBeVisible();
  await page.getByRole('button', { name: 'Add contact' }).first().click();
  const contact = page.getByRole('dialog', { name: 'New contact' });
  await contact.getByLabel('First name').fill('Ana');
  await contact.getByLabel('Last name').fill('Chef');
  await contact.getByRole('button', { name: 'Add contact' }).click();
  await expect(contact).toBeHidden();

  const card = (name: string) => page.getByTestId('principal-card').filter({ hasText: name });
  await app.goTo('Dashboard');
  for (const name of ['Sunrise Dairy', 'Crunch Co']) {
    await expect(card(name).getByRole('img', { name: 'Engagement Inactive' })).toBeVisible();
  }

  // Quick log with the chef: no opportunity, so the principals are the rep's to name.
  await page.keyboard.press('Control+l');
  const quickLog = page.getByRole('dialog', { name: 'Log an interaction' });
  await quickLog.getByRole('combobox', { name: 'About' }).fill('Ana');
  await page
    .getByRole('option')
    .filter({ hasText: /^Ana Chef/ })
    .first()
    .click();
  await quickLog
    .getByRole('radiogroup', { name: 'Type' })
    .getByText('Phone Call', { exact: true })
    .click();
  const chips = quickLog.getByRole('combobox', { name: 'Principals discussed' });
  for (const name of ['Sunrise', 'Crunch']) {
    await chips.fill(name);
    await page.getByRole('option', { name: new RegExp(`^${name}`) }).waitFor();
    await chips.press('Enter');
  }
  await quickLog
    .getByRole('textbox', { name: 'Notes' })
    .fill('Chef wants the whole milk and the kettle chips');
  // The chosen principals show as chips in the form.
  await expect(quickLog.getByText('Sunrise Dairy', { exact: true })).toBeVisible();
  await expect(quickLog.getByText('Crunch Co', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/quick-log-principal-chips.png`, fullPage: true });
  await quickLog.getByRole('button', { name: 'Log it' }).click();
  await expect(quickLog).toBeHidden();

  for (const name of ['Sunrise Dairy', 'Crunch Co']) {
    await expect(card(name).getByRole('img', { name: 'Engagement High' })).toBeVisible();
    await expect(card(name).getByText('Interactions').locator('..')).toContainText('1');
  }
  await page.screenshot({ path: `${shots}/dashboard-principal-links.png`, fullPage: true });

  // The interaction form shows the same chips (by name); Backspace removes the last, Sunrise Dairy:
  // a soft delete of its link, which takes the call off its card.
  await app.goTo('Organizations');
  await page.getByRole('link', { name: 'Elm Street Bistro' }).first().click();
  await page.getByRole('link', { name: 'Phone Call' }).first().click();
  await page.getByRole('button', { name: 'Edit' }).first().click();
  const form = page.getByRole('dialog', { name: 'Edit interaction' });
  await expect(form.getByText('Crunch Co', { exact: true })).toBeVisible();
  await expect(form.getByText('Sunrise Dairy', { exact: true })).toBeVisible();
  await form.getByRole('combobox', { name: 'Principals discussed' }).click();
  await form.getByRole('combobox', { name: 'Principals discussed' }).press('Backspace');
  await expect(form.getByText('Sunrise Dairy', { exact: true })).toBeHidden();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toBeHidden();
  await app.goTo('Dashboard');
  await expect(
    card('Sunrise Dairy').getByRole('img', { name: 'Engagement Inactive' }),
  ).toBeVisible();
  await expect(card('Crunch Co').getByRole('img', { name: 'Engagement High' })).toBeVisible();
});

/**
 * Removing a derived chip by keyboard (0018): a meeting at the principal's own
 * office derives the principal; the rep focuses its chip and presses
 * Backspace (Delete works the same), the chip moves to "Removed, not counted",
 * and the logged meeting does not count on the principal's card. The next
 * meeting, chip left alone, does.
 */
test('a derived principal chip removed by Backspace in quick log leaves the dashboard count', async ({
  openApp,
}) => {
  const { page, app } = await openApp('principal-chip-removal');
  await app.open('/');
  await app.goTo('Organizations');
  await page.getByRole('button', { name: 'New organization' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New organization' });
  await dialog.getByLabel(/^Name/).fill('Sunrise Dairy');
  await dialog.getByLabel('Principal (a manufacturer we represent)').check();
  await dialog.getByLabel('Customer (buys from our principals)').uncheck();
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Sunrise Dairy' })).toBeVisible();

  const card = page.getByTestId('principal-card').filter({ hasText: 'Sunrise Dairy' });
  const interactions = card.getByText('Interactions').locator('..');
  const logMeeting = async (removeWith: 'Backspace' | 'Delete' | null) => {
    await page.keyboard.press('Control+l');
    const quickLog = page.getByRole('dialog', { name: 'Log an interaction' });
    await quickLog.getByRole('combobox', { name: 'About' }).fill('Sunrise');
    await page
      .getByRole('option')
      .filter({ hasText: /^Sunrise Dairy/ })
      .first()
      .click();
    await quickLog
      .getByRole('radiogroup', { name: 'Type' })
      .getByText('Meeting', { exact: true })
      .click();
    const derived = quickLog.getByRole('group', { name: 'Principals from the opportunity' });
    // The chip itself (focusable), named by its aria-label.
    const chip = derived.getByLabel(/^Sunrise Dairy, counted/);
    await expect(chip).toBeVisible();
    if (removeWith) {
      await chip.focus();
      await page.keyboard.press(removeWith);
      await expect(derived).toBeHidden();
      const removed = quickLog.getByRole('group', { name: 'Removed principals' });
      await expect(removed.getByRole('button', { name: 'Add Sunrise Dairy back' })).toBeVisible();
      await page.screenshot({
        path: `${shots}/quick-log-removed-derived-chip.png`,
        fullPage: true,
      });
    }
    await quickLog.getByRole('button', { name: 'Log it' }).click();
    await expect(quickLog).toBeHidden();
  };

  await app.goTo('Dashboard');
  await expect(interactions).toContainText('0');
  await logMeeting('Backspace');
  await app.goTo('Dashboard');
  await expect(card.getByRole('img', { name: 'Engagement Inactive' })).toBeVisible();
  await expect(interactions).toContainText('0');
  await logMeeting(null);
  await expect(card.getByRole('img', { name: 'Engagement High' })).toBeVisible();
  await expect(interactions).toContainText('1');
  await logMeeting('Delete');
  await expect(interactions).toContainText('1');
});
