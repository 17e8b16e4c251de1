/**
 * A record's server history (records.history): asked of the server through
 * the core when the page opens, since desktops no longer replicate the audit
 * trail. Asked again when this device's changes of the record settle (a
 * confirmed change is then in the server's trail) and when the connection
 * comes back or goes; offline, the core answers with the copy saved on this
 * computer (`source: 'saved'`).
 */
import { useEffect, useRef, useState } from 'react';
import { toChannelError } from '../api/errors.ts';
import { invoke, type ChannelError } from '../api/transport.ts';
import type { DetailTable, RecordHistory } from '../api/types.ts';
import { useSyncStatus } from './useSyncStatus.ts';

export interface RecordHistoryState {
  data: RecordHistory | undefined;
  error: ChannelError | null;
  loading: boolean;
}

export function useRecordHistory(
  table: DetailTable,
  id: string,
  /** Changes when this device's unconfirmed changes of the record do (their mutation ids). */
  localKey: string,
  options: { enabled?: boolean } = {},
): RecordHistoryState {
  const enabled = options.enabled ?? true;
  const offline = useSyncStatus()?.state === 'offline';
  const [state, setState] = useState<RecordHistoryState & { key: string }>({
    key: '',
    data: undefined,
    error: null,
    loading: true,
  });
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
  }, [table, id, key, localKey, offline, enabled]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: enabled && (!current || state.loading),
  };
}
