/**
 * A desktop notification whose click opens a screen of the app. In Electron
 * the preload's `notify` capability shows the system notification from the
 * main process (the window's own permission requests are all denied there);
 * in a browser, the Notification API, asking for permission the first time.
 */
import { navigate } from '../router/router.ts';

export interface DesktopNotice {
  title: string;
  body: string;
  /** One notification per tag: a repeat replaces it instead of piling up. */
  tag: string;
  /** Where a click takes the user (an app route such as /interactions/<id>). */
  route: string;
}

export async function showDesktopNotification(n: DesktopNotice): Promise<boolean> {
  if (window.pantry?.notify) {
    window.pantry.notify(n);
    return true;
  }
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'default') await Notification.requestPermission();
  if (Notification.permission !== 'granted') return false;
  const shown = new Notification(n.title, { body: n.body, tag: n.tag });
  shown.onclick = () => {
    window.focus();
    navigate(n.route);
    shown.close();
  };
  return true;
}

/** Electron: a click on a notification the main process showed comes back as a route to open. */
export function onNotificationOpen(): () => void {
  return window.pantry?.onNotificationOpen?.((route) => navigate(route)) ?? (() => {});
}
