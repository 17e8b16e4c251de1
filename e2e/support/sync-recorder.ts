/**
 * Records, in the page itself, what sync did and what the person saw:
 *  - every sync status the core announced (its own listener on the app's
 *    event stream: Electron's bridge or the dev host's WebSocket);
 *  - every label of the header's sync indicator (a MutationObserver).
 * Both go to sessionStorage, so they survive the reload that follows a
 * sign-in. A small workspace can finish its first download in less time than
 * the page takes to reload; the status record still shows each step then.
 * An event announced while no page was listening (between a page closing its
 * socket and the next opening one) is missed by any listener, so, like the
 * app's own useSyncStatus, each page load also asks `sync.status` once and
 * records the answer unless an event came first.
 */
import type { Page } from '@playwright/test';

const STATUSES = 'e2e-sync-statuses';
const LABELS = 'e2e-sync-labels';

export interface RecordedStatus {
  state: string;
  progress?: { tables_done: number; tables_total: number; rows: number; rows_total?: number; eta_seconds?: number };
}

export interface RecordedLabel {
  /** The indicator's accessible name without "Sync status: ". */
  label: string;
  /** The download progress bar's value, 0..100, when shown. */
  progress: number | null;
}

/** Starts recording (the page reloads once so the recorder is there from the start). */
export async function recordSync(page: Page): Promise<void> {
  await page.addInitScript(
    ([statusKey, labelKey]) => {
      const append = (key: string, item: unknown, same: (a: unknown) => boolean) => {
        const list = JSON.parse(sessionStorage.getItem(key) ?? '[]') as unknown[];
        if (list.length && same(list[list.length - 1])) return;
        list.push(item);
        sessionStorage.setItem(key, JSON.stringify(list));
      };
      const onEvent = (event: { type: string; status?: Record<string, unknown> }) => {
        if (event.type !== 'sync' || !event.status) return;
        const item = {
          state: event.status.state,
          ...(event.status.progress ? { progress: event.status.progress } : {}),
        };
        append(statusKey, item, (last) => JSON.stringify(last) === JSON.stringify(item));
      };
      let announced = false;
      const onAnnounced = (event: { type: string; status?: Record<string, unknown> }) => {
        if (event.type === 'sync' && event.status) announced = true;
        onEvent(event);
      };
      const onAnswer = (res: { ok: boolean; value?: unknown }) => {
        const value = res.value as { state?: unknown } | undefined;
        if (res.ok && typeof value?.state === 'string' && !announced)
          onEvent({ type: 'sync', status: res.value as Record<string, unknown> });
      };
      type Bridge = {
        onEvent(l: typeof onEvent): void;
        invoke(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown }>;
      };
      const bridge = (window as { pantry?: Bridge }).pantry;
      if (bridge) {
        bridge.onEvent(onAnnounced);
        void bridge.invoke('sync.status', {}).then(onAnswer);
      } else {
        const url = new URL('/api/events', window.location.href);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        new WebSocket(url).onmessage = (m) => onAnnounced(JSON.parse(String(m.data)));
        void fetch('/api/channel/sync.status', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-pantry-devhost': '1' },
          body: '{}',
        })
          .then((r) => r.json())
          .then(onAnswer);
      }
      new MutationObserver(() => {
        const indicator = document.querySelector('[data-testid="sync-indicator"]');
        const label = indicator?.getAttribute('aria-label')?.replace(/^Sync status: /, '');
        if (!label) return;
        const bar = indicator!.querySelector('[role="progressbar"]');
        const item = { label, progress: bar ? Number(bar.getAttribute('aria-valuenow')) : null };
        append(labelKey, item, (last) => JSON.stringify(last) === JSON.stringify(item));
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    },
    [STATUSES, LABELS] as const,
  );
  await page.reload();
}

export async function recordedSync(
  page: Page,
): Promise<{ statuses: RecordedStatus[]; labels: RecordedLabel[] }> {
  return page.evaluate(
    ([statusKey, labelKey]) => ({
      statuses: JSON.parse(sessionStorage.getItem(statusKey) ?? '[]'),
      labels: JSON.parse(sessionStorage.getItem(labelKey) ?? '[]'),
    }),
    [STATUSES, LABELS] as const,
  );
}
