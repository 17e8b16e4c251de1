/**
 * Interactions on a principal's opportunities (the ones its engagement is
 * measured by), newest first. interactions.list has no principal filter, so
 * this reads the principal's opportunities and then each one's interactions;
 * a `principal_id` filter on interactions.list would make it one query.
 */
import { useEffect, useState } from 'react';
import { concerns } from '../api/live.ts';
import { bridge, invoke } from '../api/transport.ts';
import type { Interaction } from '../api/types.ts';
import { useQuery } from './useQuery.ts';

export function usePrincipalInteractions(principalId: string, enabled: boolean): Interaction[] {
  const opps = useQuery(
    'opportunities.list',
    { principal_id: principalId, limit: 50 },
    { enabled },
  );
  const ids = (opps.data?.rows ?? []).map((o) => o.id).join(',');
  const [rows, setRows] = useState<Interaction[]>([]);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    return bridge.onEvent((e) => {
      if (e.type === 'changed' && concerns('interactions.list', e.tables)) setTick((t) => t + 1);
    });
  }, [enabled]);

  useEffect(() => {
    if (!enabled || !ids) {
      setRows([]);
      return;
    }
    let stale = false;
    Promise.all(
      ids.split(',').map((id) => invoke('interactions.list', { opportunity_id: id, limit: 20 })),
    )
      .then((pages) => {
        if (stale) return;
        const all = pages
          .flatMap((p) => p.rows)
          .sort((a, b) => b.interaction_date.localeCompare(a.interaction_date));
        setRows(all.slice(0, 100));
      })
      .catch(() => !stale && setRows([]));
    return () => {
      stale = true;
    };
  }, [ids, enabled, tick]);

  return rows;
}
