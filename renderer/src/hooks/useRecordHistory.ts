/**
 * A record's server history (records.history): asked of the server through
 * the core when the page opens, since desktops no longer replicate the audit
 * trail. Asked again when `refreshKey` changes (the record changed, or this
 * device's changes of it settled) and when the connection comes back or goes;
 * offline, the core answers with the copy saved on this computer
 * (`source: 'saved'`). `loadOlder` appends the next page of older entries.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toChannelError } from '../api/errors.ts';
import { invoke, type ChannelError } from '../api/transport.ts';
import type { DetailTable, RecordHistory } from '../api/types.ts';
import { useSyncStatus } from './useSyncStatus.ts';

export interface RecordHistoryState {
  /** The first page with every older page loaded since, as one answer. */
  data: RecordHistory | undefined;
  error: ChannelError | null;
  loading: boolean;
  /** Loads the next older page, when data.next_cursor says there is one. */
  loadOlder: () => void;
}

interface Loaded {
  key: string;
  data: RecordHistory | undefined;
  error: ChannelError | null;
  loading: boolean;
}

export function useRecordHistory(
  table: DetailTable,
  id: string,
  refreshKey: string,
  options: { enabled?: boolean } = {},
): RecordHistoryState {
  const enabled = options.enabled ?? true;
  const offline = useSyncStatus()?.state === 'offline';
  const [state, setState] = useState<Loaded>({ key: '', data: undefined, error: null, loading: true });
  const run = useRef(0);
  const key = `${table}/${id}`;

  useEffect(() => {
    if (!enabled || !id) return;
    const mine = ++run.current;
    invoke('records.history', { table, id }).then(
      (data) => mine === run.current && setState({ key, data, error: null, loading: false }),
      (err: unknown) =>
        mine === run.current &&
        setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: toChannelError(err), loading: false })),
    );
  }, [table, id, key, refreshKey, offline, enabled]);

  const cursor = state.key === key ? state.data?.next_cursor : null;
  const loadOlder = useCallback(() => {
    if (!cursor) return;
    const mine = run.current;
    invoke('records.history', { table, id, before: cursor }).then(
      (older) =>
        // A refresh meanwhile replaced the first page: this older page belongs to the old one.
        mine === run.current &&
        setState((s) =>
          s.key === key && s.data
            ? { ...s, data: { ...s.data, entries: [...s.data.entries, ...older.entries], next_cursor: older.next_cursor } }
            : s,
        ),
      (err: unknown) => mine === run.current && setState((s) => ({ ...s, error: toChannelError(err) })),
    );
  }, [table, id, key, cursor]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: enabled && (!current || state.loading),
    loadOlder,
  };
}
