/**
 * Page helpers for the desktop UI (renderer/), for the e2e specs to share.
 * They drive the UI the way a user does (accessible names, keyboard
 * shortcuts), so a spec reads as a journey and survives markup changes.
 * Routes are hash routes: `#/organizations/<id>`.
 */
import type { Locator, Page } from 'playwright-core';

export type Section =
  | 'Dashboard'
  | 'Organizations'
  | 'Contacts'
  | 'Products'
  | 'Opportunities'
  | 'Follow-ups'
  | 'Import & export'
  | 'Trash'
  | 'Sync'
  | 'Admin';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A field's label exactly, with or without the required marker (" *"). */
function exactLabel(label: string): RegExp {
  return new RegExp(`^${escapeRegExp(label)}( \\*)?$`);
}

export class AppPage {
  constructor(
    readonly page: Page,
    /** The dev host's address; null in Electron, whose window cannot navigate away from its own page. */
    readonly baseUrl: string | null,
  ) {}

  /** Opens a route (`/`, `/contacts`, `/opportunities?view=list`) and waits for the shell. */
  async open(route = '/'): Promise<void> {
    if (this.baseUrl) await this.page.goto(`${this.baseUrl}/#${route}`);
    else
      await this.page.evaluate((r) => {
        window.location.hash = `#${r}`;
      }, route);
    await this.page.getByRole('navigation', { name: 'Sections' }).waitFor();
  }

  /** Signs in to a sync server from the account menu; the app reloads into the server workspace. */
  async signIn(serverUrl: string, email: string, password: string): Promise<void> {
    const dialog = await this.openSignIn();
    await dialog.getByLabel(/^Server address/).fill(serverUrl);
    await dialog.getByLabel(/^Email/).fill(email);
    await dialog.getByLabel(/^Password/).fill(password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
  }

  /** The account menu at the foot of the sections, opened. */
  async openAccountMenu(): Promise<Locator> {
    await this.page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await this.page.getByTestId('account-menu').click();
    const menu = this.page.getByRole('menu');
    await menu.waitFor();
    // Fully faded in, so a screenshot shows it as a person sees it.
    await this.page.waitForFunction(() => {
      const el = document.querySelector('[role="menu"]');
      return el !== null && getComputedStyle(el).opacity === '1';
    });
    return menu;
  }

  /** The sign-in form, opened from the account menu ("Sign in to a server…"). */
  async openSignIn(): Promise<Locator> {
    if (!(await this.page.getByTestId('account-menu').count())) await this.open('/');
    const menu = await this.openAccountMenu();
    await menu.getByRole('menuitem', { name: 'Sign in to a server…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Sign in to a server' });
    await dialog.waitFor();
    return dialog;
  }

  /** Waits until the header says the workspace is up to date (the first download can take a few seconds). */
  async waitUpToDate(timeout = 30_000): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync status: Up to date' }).waitFor({ timeout });
  }

  /**
   * Calls a channel of the desktop core directly, as a page script could: for
   * "forced" actions the UI does not offer (a viewer's write).
   */
  async forceChannel(name: string, input: unknown): Promise<{ ok: boolean }> {
    return this.page.evaluate(
      async ([n, i]) => {
        // Electron's preload bridge, else the dev host's HTTP channel.
        const bridge = (window as { pantry?: { invoke(n: string, i: unknown): Promise<{ ok: boolean }> } }).pantry;
        if (bridge) return bridge.invoke(n, i);
        const res = await fetch(`/api/channel/${n}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-pantry-devhost': '1' },
          body: JSON.stringify(i),
        });
        return (await res.json()) as { ok: boolean };
      },
      [name, input] as const,
    );
  }

  async goTo(section: Section): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: section, exact: false })
      .first()
      .click();
  }

  /** The header's sync indicator (its accessible name starts with "Sync status:"). */
  syncIndicator(): Locator {
    return this.page.getByTestId('sync-indicator');
  }

  /** Global search (Mod+K): types the query and returns the result list. */
  async search(query: string): Promise<Locator> {
    await this.page.keyboard.press('Control+k');
    const box = this.page.getByRole('textbox', { name: 'Search everything' });
    await box.fill(query);
    return this.page.locator('.mantine-Spotlight-actionsList');
  }

  /**
   * Quick log (Mod+L): picks the first match for `about`, sets type, notes,
   * sentiment and an optional follow-up choice, saves with Mod+Enter.
   */
  async quickLog(opts: {
    about: string;
    /** Which option to pick (default: the first whose text starts with `about`). */
    option?: RegExp;
    type?: 'Email' | 'Phone Call' | 'Meeting' | 'Demo/sampled' | 'Follow-up' | 'Note';
    notes?: string;
    sentiment?: 'Positive' | 'Neutral' | 'Negative';
    followUp?: 'Tomorrow' | 'In 3 days' | 'Next Monday';
  }): Promise<void> {
    const p = this.page;
    await p.keyboard.press('Control+l');
    const dialog = p.getByRole('dialog', { name: 'Log an interaction' });
    await dialog.getByRole('combobox', { name: 'About' }).fill(opts.about);
    // Wait for the search's answer (until then the list shows recent contacts), then take the first match.
    await p
      .getByRole('option')
      .filter({ hasText: opts.option ?? new RegExp(`^${escapeRegExp(opts.about)}`) })
      .first()
      .click();
    if (opts.type)
      await dialog
        .getByRole('radiogroup', { name: 'Type' })
        .getByText(opts.type, { exact: true })
        .click();
    if (opts.notes) await dialog.getByRole('textbox', { name: 'Notes' }).fill(opts.notes);
    if (opts.sentiment)
      await dialog
        .getByRole('radiogroup', { name: 'How did it go?' })
        .getByText(opts.sentiment, { exact: true })
        .click();
    if (opts.followUp)
      await dialog
        .getByRole('radiogroup', { name: 'Follow up' })
        .getByText(opts.followUp, { exact: true })
        .click();
    await dialog.getByRole('button', { name: 'Log it' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** Fills a create/edit form's text fields by label and saves it. */
  async fillAndSave(fields: Record<string, string>, submit: string | RegExp): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    for (const [label, value] of Object.entries(fields))
      await dialog.getByLabel(exactLabel(label)).fill(value);
    await dialog.getByRole('button', { name: submit }).click();
  }

  /** Chooses an option in a record picker (a searchable select) by typing part of its name. */
  async pick(label: string, text: string): Promise<void> {
    const box = this.page.getByRole('dialog').getByRole('combobox', { name: label });
    await box.fill(text);
    await this.page
      .getByRole('option', { name: new RegExp(text, 'i') })
      .first()
      .click();
  }

  /** A pipeline column (role region named "<stage>: <n> opportunities"). */
  stageColumn(stage: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${stage.replace(/[/]/g, '\\/')}:`) });
  }

  /** Moves an opportunity card one stage on (`]`) or back (`[`) with the keyboard. */
  async stepCard(name: string, direction: 'next' | 'previous'): Promise<void> {
    const card = this.page.getByTestId('pipeline-card').filter({ hasText: name });
    await card.focus();
    await this.page.keyboard.press(direction === 'next' ? ']' : '[');
  }

  /**
   * Drags an opportunity card to a stage column with the mouse. The board
   * scrolls sideways (nine stages), so the target column is scrolled into view
   * first; both must then be visible (use moveCard for any two stages).
   */
  async dragCard(name: string, stage: string): Promise<void> {
    const card = this.page.getByTestId('pipeline-card').filter({ hasText: name });
    const column = this.stageColumn(stage);
    await column.scrollIntoViewIfNeeded();
    const from = await card.boundingBox();
    const to = await column.boundingBox();
    const width = this.page.viewportSize()?.width ?? 0;
    if (!from || !to || from.x < 0 || from.x + from.width > width) {
      throw new Error(`"${name}" and ${stage} are not both on screen; use moveCard`);
    }
    await this.page.mouse.move(from.x + 40, from.y + 20);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 60, from.y + 30, { steps: 3 });
    await this.page.mouse.move(to.x + 60, to.y + 80, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Moves an opportunity card to any stage with [ and ] (one stage per key press). */
  async moveCard(name: string, stage: string, stages: readonly string[]): Promise<void> {
    for (let i = 0; i < stages.length; i++) {
      if (
        await this.stageColumn(stage).getByTestId('pipeline-card').filter({ hasText: name }).count()
      )
        return;
      const card = this.page.getByTestId('pipeline-card').filter({ hasText: name });
      const label = (await card.getAttribute('aria-label')) ?? '';
      const current = stages.findIndex((s) => label.endsWith(`, ${s}`));
      await this.stepCard(
        name,
        current >= 0 && current > stages.indexOf(stage) ? 'previous' : 'next',
      );
      await this.page.waitForTimeout(150);
    }
    throw new Error(`could not move "${name}" to ${stage}`);
  }

  /** Chooses a CSV file on the Import & export screen (after choosing Organizations or Contacts). */
  async chooseCsv(table: 'Organizations' | 'Contacts', name: string, csv: string): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: 'What to import' })
      .getByText(table, { exact: true })
      .click();
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: /Choose (a CSV|another) file/ }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  }

  /** The follow-up list's "Done" buttons (one per open follow-up shown). */
  followUpDoneButtons(): Locator {
    return this.page.getByRole('button', { name: /^Mark the follow-up with/ });
  }
}
