/** Organizations: customers, principals, distributors; search, filter, sort, saved views, keyset pages. */
import { Button, Group, SegmentedControl, Table, Text, Autocomplete } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconBuildingStore, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { KindBadges } from '../../components/KindBadges.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatRelative } from '../../lib/format.ts';
import { SEGMENTS } from '../../lib/suggestions.ts';
import { OrganizationFormModal } from './OrganizationFormModal.tsx';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

const SORTS = [
  { value: 'name', label: 'Name' },
  { value: 'last_interaction_at', label: 'Last interaction' },
  { value: 'updated_at', label: 'Last changed' },
  { value: 'created_at', label: 'Created' },
];
const DEFAULT_DIR: Record<string, 'asc' | 'desc'> = {
  name: 'asc',
  last_interaction_at: 'desc',
  updated_at: 'desc',
  created_at: 'desc',
};

export function OrganizationsScreen() {
  const readOnly = useReadOnly();
  const params = useListParams();
  const [creating, setCreating] = useState(false);
  const kind = params.get('kind') ?? 'all';
  const sort = params.get('sort') ?? 'name';
  const dir = (params.get('dir') as 'asc' | 'desc' | null) ?? DEFAULT_DIR[sort] ?? 'asc';
  const q = params.get('q') ?? '';
  const segment = params.get('segment') ?? '';
  const list = usePagedQuery('organizations.list', {
    sort,
    dir,
    limit: 50,
    ...(q ? { q } : {}),
    ...(kind === 'principals' ? { is_principal: true } : {}),
    ...(kind === 'distributors' ? { is_distributor: true } : {}),
    ...(kind === 'customers' ? { is_principal: false, is_distributor: false } : {}),
    ...(segment ? { segment } : {}),
  });
  useHotkeys([['n', () => !readOnly && setCreating(true)]]);
  const filtered = Boolean(q || kind !== 'all' || segment);

  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle="Customers, the principals you represent, and distributors"
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            disabled={readOnly}
            onClick={() => setCreating(true)}
          >
            New organization
          </Button>
        }
      />
      <ListToolbar
        params={params}
        listKey="organizations"
        placeholder="Search name, city, notes…  ( / )"
        sorts={SORTS}
        defaultSort="name"
        defaultDir={DEFAULT_DIR[sort] ?? 'asc'}
      >
        <SegmentedControl
          aria-label="Kind"
          value={kind}
          onChange={(k) => params.set({ kind: k === 'all' ? null : k })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'customers', label: 'Customers' },
            { value: 'principals', label: 'Principals' },
            { value: 'distributors', label: 'Distributors' },
          ]}
        />
        <Autocomplete
          aria-label="Segment"
          placeholder="Any segment"
          data={SEGMENTS}
          defaultValue={segment}
          onOptionSubmit={(s) => params.set({ segment: s })}
          onChange={(s) => !s && params.set({ segment: null })}
          clearable
          w={220}
        />
      </ListToolbar>
      {list.error && <ErrorState error={list.error} onRetry={list.refetch} />}
      {list.loading ? (
        <LoadingState />
      ) : list.rows.length === 0 && !list.error ? (
        filtered ? (
          <EmptyView
            title="No organizations match"
            description="Try fewer words or another filter."
          />
        ) : (
          <EmptyView
            icon={<IconBuildingStore size={28} stroke={1.5} />}
            title="No organizations yet"
            description="Add your first customer or principal, or import a spreadsheet."
            action={
              <Group>
                <Button disabled={readOnly} onClick={() => setCreating(true)}>
                  New organization
                </Button>
                <Button variant="default" component="a" href="#/import">
                  Import CSV
                </Button>
              </Group>
            }
          />
        )
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Segment</Table.Th>
                <Table.Th>Location</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Last interaction</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <RouterLink to={`/organizations/${o.id}`} fw={500}>
                        {o.name}
                      </RouterLink>
                      <KindBadges principal={o.is_principal} distributor={o.is_distributor} />
                      <PendingBadge pending={o._pending} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.segment ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{[o.city, o.region].filter(Boolean).join(', ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.phone ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={o.last_interaction_at ? undefined : 'dimmed'}>
                      {o.last_interaction_at ? formatRelative(o.last_interaction_at) : '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!list.loading && (
        <LoadMore
          shown={list.rows.length}
          hasMore={list.hasMore}
          fetching={list.fetching}
          onMore={list.loadMore}
          noun="organizations"
        />
      )}
      {creating && (
        <OrganizationFormModal
          opened
          onClose={() => setCreating(false)}
          preset={{ is_principal: kind === 'principals', is_distributor: kind === 'distributors' }}
        />
      )}
    </>
  );
}
