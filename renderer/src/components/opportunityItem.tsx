/** An opportunity as a related record on another record's page: name, what to say under it, its stage. */
import type { ReactNode } from 'react';
import type { Opportunity } from '../api/types.ts';
import { formatRelative } from '../lib/format.ts';
import type { RelatedItem } from './RelatedList.tsx';
import { StageBadge } from './StageBadge.tsx';

export function opportunityItem(
  o: Pick<Opportunity, 'id' | 'name' | 'stage'>,
  subtitle?: ReactNode,
): RelatedItem {
  return {
    id: o.id,
    to: `/opportunities/${o.id}`,
    title: o.name,
    ...(subtitle !== undefined ? { subtitle } : {}),
    right: <StageBadge stage={o.stage} />,
  };
}

export const stageSince = (o: Pick<Opportunity, 'stage_changed_at'>) =>
  `stage since ${formatRelative(o.stage_changed_at)}`;
