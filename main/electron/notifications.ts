/**
 * System notifications for the renderer's reminders (useFollowUpReminders).
 * The window's own Notification API is off in Electron (every permission is
 * denied), so the preload asks the main process, which shows it here and
 * sends a click back to the window as the route to open. Kept thin: what to
 * remind of and when is decided in the renderer from the local replica.
 */
import { Notification, type BrowserWindow } from 'electron';
import { z } from 'zod';

const notice = z.strictObject({
  title: z.string().min(1).max(200),
  body: z.string().max(500),
  tag: z.string().min(1).max(200),
  /** An app route, never a URL: the click can only move inside our page. */
  route: z.string().regex(/^\/[\w/-]{0,200}$/),
});

// Held until clicked or replaced: a notification Electron has garbage-collected no longer reports its click.
const shown = new Map<string, Notification>();

export function showNotification(input: unknown, window: BrowserWindow | null): boolean {
  const parsed = notice.safeParse(input);
  if (!parsed.success || !Notification.isSupported()) return false;
  const { title, body, tag, route } = parsed.data;
  shown.get(tag)?.close();
  const n = new Notification({ title, body });
  n.on('click', () => {
    shown.delete(tag);
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    window.webContents.send('pantry:open-route', route);
  });
  n.on('close', () => shown.delete(tag));
  shown.set(tag, n);
  n.show();
  return true;
}
