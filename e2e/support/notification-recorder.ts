/**
 * A test seam around the browser's Notification API: the app keeps calling the
 * real constructor (so Chromium's permission and the real object are used);
 * this init script only records each notification made, so a spec can read
 * what was shown and click it (a `click` event on the real object, which runs
 * the app's own onclick). Installed before the app's scripts run.
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
}

function recordNotifications(): void {
  const Real = window.Notification;
  const shown: Notification[] = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push(this);
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = Real.requestPermission.bind(Real);
  Object.defineProperty(window, '__shownNotifications', { value: shown });
  window.Notification = Recorded;
}

/** Grants the notifications permission to the app's origin and records every notification it shows. */
export async function recordDesktopNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript(recordNotifications);
}

export async function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(() =>
    ((window as unknown as { __shownNotifications?: Notification[] }).__shownNotifications ?? []).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
    })),
  );
}

/** Clicks the notification with this tag as the system would (its click event). */
export async function clickNotification(page: Page, tag: string): Promise<void> {
  await page.evaluate((t) => {
    const all = (window as unknown as { __shownNotifications?: Notification[] }).__shownNotifications ?? [];
    const n = all.find((x) => x.tag === t);
    if (!n) throw new Error(`no notification tagged ${t}`);
    n.dispatchEvent(new Event('click'));
  }, tag);
}
