/**
 * Runs a query channel and keeps its answer current: it re-runs when a
 * `changed` event names a table the query reads. While re-running it keeps the
 * previous answer on screen (no flicker); `loading` is only the first load.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueryName, Queries } from '../api/contract.ts';
import { toChannelError } from '../api/errors.ts';
import { concerns } from '../api/live.ts';
import { bridge, invoke, type ChannelError } from '../api/transport.ts';

export interface QueryState<T> {
  data: T | undefined;
  error: ChannelError | null;
  /** True until the first answer (or error) for the current input. */
  loading: boolean;
  /** True while any run is in flight, including refreshes. */
  fetching: boolean;
  refetch: () => void;
}

export interface QueryOptions {
  /** false: do not run (e.g. until an id is known). */
  enabled?: boolean;
}

export function useQuery<K extends QueryName>(
  name: K,
  input: Queries[K]['input'],
  options: QueryOptions = {},
): QueryState<Queries[K]['output']> {
  const enabled = options.enabled ?? true;
  const key = JSON.stringify(input ?? null);
  const [state, setState] = useState<{
    key: string;
    data: Queries[K]['output'] | undefined;
    error: ChannelError | null;
    done: boolean;
  }>({ key, data: undefined, error: null, done: false });
  const [fetching, setFetching] = useState(false);
  const run = useRef(0);

  const execute = useCallback(() => {
    if (!enabled) return;
    const id = ++run.current;
    setFetching(true);
    const parsed = JSON.parse(key) as Queries[K]['input'] | null;
    invoke(name, parsed ?? undefined).then(
      (data) => {
        if (id !== run.current) return;
        setState({ key, data, error: null, done: true });
        setFetching(false);
      },
      (err: unknown) => {
        if (id !== run.current) return;
        setState((s) => ({
          key,
          data: s.key === key ? s.data : undefined,
          error: toChannelError(err),
          done: true,
        }));
        setFetching(false);
      },
    );
  }, [name, key, enabled]);

  useEffect(() => {
    execute();
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = bridge.onEvent((event) => {
      if (event.type !== 'changed' || !concerns(name, event.tables)) return;
      // Bursts of commits (an import, a merge) re-run the query once.
      if (timer) clearTimeout(timer);
      timer = setTimeout(execute, 30);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [execute, name, enabled]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: enabled && (!current || !state.done),
    fetching,
    refetch: execute,
  };
}
