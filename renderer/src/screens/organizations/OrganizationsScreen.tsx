/** Organizations: customers, principals, distributors; search, filter, sort, saved views, keyset pages. */
import { Autocomplete, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { KindBadges } from '../../components/KindBadges.tsx';
import { LastInteractionCell } from '../../components/LastInteractionCell.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordListPage, type SortChoice } from '../../components/RecordListPage.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { SEGMENTS } from '../../lib/suggestions.ts';
import { OrganizationFormModal } from './OrganizationFormModal.tsx';

const SORTS: SortChoice[] = [
  { value: 'name', label: 'Name', dir: 'asc' },
  { value: 'last_interaction_at', label: 'Last interaction', dir: 'desc' },
  { value: 'updated_at', label: 'Last changed', dir: 'desc' },
  { value: 'created_at', label: 'Created', dir: 'desc' },
];

export function OrganizationsScreen() {
  const params = useListParams();
  const kind = params.get('kind') ?? 'all';
  const segment = params.get('segment') ?? '';
  return (
    <RecordListPage
      query="organizations.list"
      params={params}
      listKey="organizations"
      title="Organizations"
      subtitle="Customers, the principals you represent, and distributors"
      noun={{ one: 'organization', many: 'organizations' }}
      searchPlaceholder="Search name, city, notes…  ( / )"
      sorts={SORTS}
      filters={{
        ...(kind === 'principals' ? { is_principal: true } : {}),
        ...(kind === 'distributors' ? { is_distributor: true } : {}),
        ...(kind === 'customers' ? { is_customer: true } : {}),
        ...(segment ? { segment } : {}),
      }}
      filtered={kind !== 'all' || Boolean(segment)}
      toolbar={
        <>
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
        </>
      }
      empty={{
        icon: <IconBuildingStore size={28} stroke={1.5} />,
        description: 'Add your first customer or principal, or import a spreadsheet.',
        canImport: true,
      }}
      columns={['Name', 'Segment', 'Location', 'Phone', 'Last interaction']}
      minWidth={760}
      rowKey={(o) => o.id}
      cells={(o) => (
        <>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <RouterLink to={`/organizations/${o.id}`} fw={500}>
                {o.name}
              </RouterLink>
              <KindBadges
                principal={o.is_principal}
                distributor={o.is_distributor}
                customer={o.is_customer}
              />
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
          <LastInteractionCell at={o.last_interaction_at} />
        </>
      )}
      createForm={(close) => (
        <OrganizationFormModal
          opened
          onClose={close}
          preset={{
            is_principal: kind === 'principals',
            is_distributor: kind === 'distributors',
            is_customer: kind !== 'principals' && kind !== 'distributors',
          }}
        />
      )}
    />
  );
}
