/** Opportunities as a sortable list, paged; the same filters as the board plus stages. */
import { Group, Table, Text } from '@mantine/core';
import type { OpportunityFilters } from '../../api/contract.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { LastInteractionCell } from '../../components/LastInteractionCell.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { StageBadge } from '../../components/StageBadge.tsx';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatRelative } from '../../lib/format.ts';
import type { ChannelInput } from '../../../../main/ipc/contract/index.ts';

type OpportunitySort = NonNullable<ChannelInput<'opportunities.list'>['sort']>;

export interface OpportunityListViewProps {
  filters: OpportunityFilters & { q?: string };
  sort: string;
  dir: 'asc' | 'desc';
}

export function OpportunityListView({ filters, sort, dir }: OpportunityListViewProps) {
  // The sort comes from the address bar; the channel refuses a name it does not know (invalid_input).
  const list = usePagedQuery('opportunities.list', {
    ...filters,
    sort: sort as OpportunitySort,
    dir,
    limit: 50,
  });
  if (list.loading) return <LoadingState />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.refetch} />;
  if (list.rows.length === 0)
    return (
      <EmptyView title="No opportunities match" description="Try another stage or fewer words." />
    );
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Opportunity</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>In stage since</Table.Th>
              <Table.Th>Context</Table.Th>
              <Table.Th>Last interaction</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <RouterLink to={`/opportunities/${o.id}`} fw={500}>
                      {o.name}
                    </RouterLink>
                    <PendingBadge pending={o._pending} />
                  </Group>
                  {o.primary_contact_name && (
                    <Text size="xs" c="dimmed">
                      {o.primary_contact_name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <RouterLink to={`/organizations/${o.organization_id}`} size="sm">
                    {o.organization_name ?? '—'}
                  </RouterLink>
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={o.stage} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatRelative(o.stage_changed_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{o.context ?? '—'}</Text>
                </Table.Td>
                <LastInteractionCell at={o.last_interaction_at} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore
        shown={list.rows.length}
        hasMore={list.hasMore}
        fetching={list.fetching}
        onMore={list.loadMore}
        noun="opportunities"
      />
    </>
  );
}
