/**
 * Saved views of a list (filters, sort, search), kept on this computer in
 * localStorage: a rep's own shortcuts, not shared data, so they do not sync.
 */
import { useCallback, useState } from 'react';

export interface SavedView<S> {
  name: string;
  state: S;
}

const PREFIX = 'pantry.views.';

function load<S>(key: string): SavedView<S>[] {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed)
      ? (parsed as SavedView<S>[]).filter((v) => typeof v?.name === 'string')
      : [];
  } catch {
    return [];
  }
}

export function useSavedViews<S>(key: string) {
  const [views, setViews] = useState<SavedView<S>[]>(() => load<S>(key));

  const persist = useCallback(
    (next: SavedView<S>[]) => {
      setViews(next);
      try {
        window.localStorage.setItem(PREFIX + key, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the views last for this session.
      }
    },
    [key],
  );

  return {
    views,
    save: (name: string, state: S) =>
      persist(
        [...views.filter((v) => v.name !== name), { name, state }].sort((a, b) =>
          a.name.localeCompare(b.name),
        ),
      ),
    remove: (name: string) => persist(views.filter((v) => v.name !== name)),
  };
}
