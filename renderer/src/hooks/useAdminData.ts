/** Loads one admin view through the admin client; reload after an action. */
import { useCallback, useEffect, useState } from 'react';
import { toChannelError } from '../api/errors.ts';
import type { ChannelError } from '../api/transport.ts';

export function useAdminData<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ChannelError | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(() => {
    setLoading(true);
    load().then(
      (d) => {
        setData(d);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        setError(toChannelError(err));
        setLoading(false);
      },
    );
  }, [load]);

  useEffect(reload, [reload]);
  return { data, error, loading, reload };
}
