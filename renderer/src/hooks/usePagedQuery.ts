/**
 * A list read in keyset pages: "load more" asks for the page after the last
 * row's cursor and appends it. When a table the list reads changes, the pages
 * loaded so far are read again from the start (each after the previous
 * page's cursor), so rows added or removed meanwhile show up in place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Queries } from '../api/contract.ts';
import { toChannelError } from '../api/errors.ts';
import { concerns } from '../api/live.ts';
import { bridge, invoke, type ChannelError } from '../api/transport.ts';
import type { Page } from '../api/types.ts';

export type PagedName = {
  [K in keyof Queries]: Queries[K]['output'] extends Page<unknown> ? K : never;
}[keyof Queries];
export type RowOf<K extends PagedName> = Queries[K]['output'] extends Page<infer R> ? R : never;

/** One page of a paged query; the contract types each query's page, the generic K cannot see it. */
function pageAfter<K extends PagedName>(
  name: K,
  base: Record<string, unknown>,
  cursor: string | null | undefined,
): Promise<Page<RowOf<K>>> {
  const input = { ...base, ...(cursor ? { cursor } : {}) } as Queries[K]['input'];
  return invoke(name, input) as Promise<Page<RowOf<K>>>;
}

export interface PagedState<R> {
  rows: R[];
  loading: boolean;
  fetching: boolean;
  error: ChannelError | null;
  hasMore: boolean;
  loadMore: () => void;
  refetch: () => void;
}

export function usePagedQuery<K extends PagedName>(
  name: K,
  input: Omit<Queries[K]['input'], 'cursor'>,
  options: { enabled?: boolean } = {},
): PagedState<RowOf<K>> {
  const enabled = options.enabled ?? true;
  const key = JSON.stringify(input);
  const [pages, setPages] = useState<{ key: string; pages: Page<RowOf<K>>[] } | null>(null);
  const [error, setError] = useState<ChannelError | null>(null);
  const [fetching, setFetching] = useState(false);
  const run = useRef(0);
  const loaded = useRef(1);

  const fetchPages = useCallback(
    async (count: number) => {
      const id = ++run.current;
      setFetching(true);
      const base = JSON.parse(key) as Record<string, unknown>;
      const out: Page<RowOf<K>>[] = [];
      let cursor: string | null | undefined;
      try {
        for (let i = 0; i < count; i++) {
          const page = await pageAfter(name, base, cursor);
          if (id !== run.current) return;
          out.push(page);
          cursor = page.next_cursor;
          if (!cursor) break;
        }
        setPages({ key, pages: out });
        setError(null);
      } catch (err) {
        if (id === run.current) setError(toChannelError(err));
      } finally {
        if (id === run.current) setFetching(false);
      }
    },
    [name, key],
  );

  useEffect(() => {
    if (!enabled) return;
    loaded.current = 1;
    void fetchPages(1);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = bridge.onEvent((event) => {
      if (event.type !== 'changed' || !concerns(name, event.tables)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void fetchPages(loaded.current), 30);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [fetchPages, name, enabled]);

  const current = pages?.key === key ? pages.pages : null;
  const last = current?.at(-1);

  const loadMore = useCallback(() => {
    if (!last?.next_cursor || fetching) return;
    const id = ++run.current;
    setFetching(true);
    const base = JSON.parse(key) as Record<string, unknown>;
    pageAfter(name, base, last.next_cursor).then(
      (page) => {
        if (id !== run.current) return;
        loaded.current += 1;
        setPages((p) => (p && p.key === key ? { key, pages: [...p.pages, page] } : p));
        setFetching(false);
      },
      (err: unknown) => {
        if (id !== run.current) return;
        setError(toChannelError(err));
        setFetching(false);
      },
    );
  }, [last, fetching, key, name]);

  return {
    rows: current ? current.flatMap((p) => p.rows) : [],
    loading: enabled && !current && !error,
    fetching,
    error,
    hasMore: Boolean(last?.next_cursor),
    loadMore,
    refetch: () => void fetchPages(loaded.current),
  };
}
