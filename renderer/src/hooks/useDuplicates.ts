/**
 * Likely duplicates of the record being typed, asked of the core as the user
 * types (debounced), so a create form can warn before a second copy exists.
 */
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { invoke } from '../api/transport.ts';
import type { DuplicateCandidate } from '../api/types.ts';

export function useDuplicates(
  table: 'organizations' | 'contacts',
  probe: Record<string, string | null | undefined>,
  options: { excludeId?: string; enabled?: boolean } = {},
): DuplicateCandidate[] {
  const key = JSON.stringify(probe);
  const [debounced] = useDebouncedValue(key, 350);
  const [found, setFound] = useState<DuplicateCandidate[]>([]);
  const enabled = options.enabled ?? true;
  const excludeId = options.excludeId;

  useEffect(() => {
    const values = JSON.parse(debounced) as Record<string, string | null | undefined>;
    const given = Object.fromEntries(
      Object.entries(values).filter(
        ([k, v]) => typeof v === 'string' && v.trim() !== '' && k !== 'organization_id',
      ),
    );
    if (!enabled || Object.keys(given).length === 0) {
      setFound([]);
      return;
    }
    let stale = false;
    const input = {
      ...given,
      ...(values.organization_id ? { organization_id: values.organization_id } : {}),
      ...(excludeId ? { exclude_id: excludeId } : {}),
      limit: 5,
    };
    invoke(`${table}.duplicates`, input)
      .then((d) => !stale && setFound(d))
      .catch(() => !stale && setFound([]));
    return () => {
      stale = true;
    };
  }, [debounced, table, excludeId, enabled]);

  return found;
}
