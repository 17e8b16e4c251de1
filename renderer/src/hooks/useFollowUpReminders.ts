/**
 * Reminders, from the local replica (so they work offline): a desktop
 * notification for each of my follow-ups whose date and time have come (its
 * click opens the interaction), and once a day, at the first start, a digest
 * of today's follow-ups (its click opens the follow-ups). What was already
 * shown is remembered on this computer per user, so a restart does not repeat
 * it. The reminders query re-runs when interactions change; a timer re-asks
 * each half minute because time passes without any change.
 */
import { useEffect, useRef } from 'react';
import { useAppInfo } from './useAppInfo.ts';
import { useQuery } from './useQuery.ts';
import { onNotificationOpen, showDesktopNotification } from '../lib/desktopNotification.ts';

const RECHECK_MS = 30_000;
const KEEP = 200;

function readList(key: string): string[] {
  try {
    const v = JSON.parse(window.localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function useFollowUpReminders(): void {
  const info = useAppInfo();
  const reminders = useQuery('follow_ups.reminders', {}, { enabled: info.role !== 'viewer' });
  const refetch = useRef(reminders.refetch);
  refetch.current = reminders.refetch;
  const shownKey = `pantry.reminded.${info.user_id}`;
  const digestKey = `pantry.digest.${info.user_id}`;

  useEffect(() => onNotificationOpen(), []);
  useEffect(() => {
    const timer = window.setInterval(() => refetch.current(), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, []);

  const data = reminders.data;
  useEffect(() => {
    if (!data) return;
    if (data.today_count > 0 && window.localStorage.getItem(digestKey) !== data.today) {
      window.localStorage.setItem(digestKey, data.today);
      const overdue = data.overdue_count ? ` (${data.overdue_count} overdue)` : '';
      void showDesktopNotification({
        title: `${plural(data.today_count, 'follow-up')} for today${overdue}`,
        body: 'Open Pantry CRM to see what to do next.',
        tag: `digest-${data.today}`,
        route: '/follow-ups',
      });
    }
    const shown = readList(shownKey);
    const fresh = data.fallen_due.filter(
      (f) => !shown.includes(`${f.id}@${f.follow_up_date}T${f.follow_up_time}`),
    );
    if (!fresh.length) return;
    window.localStorage.setItem(
      shownKey,
      JSON.stringify(
        [...shown, ...fresh.map((f) => `${f.id}@${f.follow_up_date}T${f.follow_up_time}`)].slice(
          -KEEP,
        ),
      ),
    );
    for (const f of fresh) {
      void showDesktopNotification({
        title: `Follow up${f.about ? ` with ${f.about}` : ''} at ${f.follow_up_time}`,
        body: f.notes ? f.notes.slice(0, 140) : `After a ${f.interaction_type.toLowerCase()}`,
        tag: `follow-up-${f.id}`,
        route: `/interactions/${f.id}`,
      });
    }
  }, [data, shownKey, digestKey]);
}
