/** Contacts: the people at customers, principals and distributors. */
import { Button, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAddressBook, IconPlus, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { ADVOCACY_STATUSES } from '../../../../sync/schema/index.ts';
import type { Contact } from '../../api/types.ts';
import { AdvocacyBadge } from '../../components/AdvocacyBadge.tsx';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { boolParam, useListParams } from '../../hooks/useListParams.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatRelative, personName } from '../../lib/format.ts';
import { ContactFormModal } from './ContactFormModal.tsx';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

const SORTS = [
  { value: 'name', label: 'Last name' },
  { value: 'last_interaction_at', label: 'Last interaction' },
  { value: 'updated_at', label: 'Last changed' },
];
const DEFAULT_DIR: Record<string, 'asc' | 'desc'> = {
  name: 'asc',
  last_interaction_at: 'desc',
  updated_at: 'desc',
};

export function ContactsScreen() {
  const readOnly = useReadOnly();
  const params = useListParams();
  const [creating, setCreating] = useState(false);
  const sort = params.get('sort') ?? 'name';
  const dir = (params.get('dir') as 'asc' | 'desc' | null) ?? DEFAULT_DIR[sort] ?? 'asc';
  const q = params.get('q') ?? '';
  const advocacy = params.get('advocacy') as Contact['advocacy_status'] | null;
  const key = boolParam(params.get('key'));
  const list = usePagedQuery('contacts.list', {
    sort,
    dir,
    limit: 50,
    ...(q ? { q } : {}),
    ...(advocacy ? { advocacy_status: advocacy } : {}),
    ...(key ? { is_key_contact: true } : {}),
  });
  useHotkeys([['n', () => !readOnly && setCreating(true)]]);
  const filtered = Boolean(q || advocacy || key);

  return (
    <>
      <PageHeader
        title="Contacts"
        subtitle="Chefs, buyers, owners and DSRs"
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            disabled={readOnly}
            onClick={() => setCreating(true)}
          >
            New contact
          </Button>
        }
      />
      <ListToolbar
        params={params}
        listKey="contacts"
        placeholder="Search name, title, email…  ( / )"
        sorts={SORTS}
        defaultSort="name"
        defaultDir={DEFAULT_DIR[sort] ?? 'asc'}
      >
        <Select
          aria-label="Advocacy"
          placeholder="Any advocacy"
          data={[...ADVOCACY_STATUSES]}
          value={advocacy}
          onChange={(v) => params.set({ advocacy: v })}
          clearable
          w={160}
        />
        <Checkbox
          label="Key contacts only"
          checked={Boolean(key)}
          onChange={(e) => params.set({ key: e.currentTarget.checked ? 'true' : null })}
        />
      </ListToolbar>
      {list.error && <ErrorState error={list.error} onRetry={list.refetch} />}
      {list.loading ? (
        <LoadingState />
      ) : list.rows.length === 0 && !list.error ? (
        filtered ? (
          <EmptyView title="No contacts match" description="Try fewer words or another filter." />
        ) : (
          <EmptyView
            icon={<IconAddressBook size={28} stroke={1.5} />}
            title="No contacts yet"
            description="Add the people you sell to, or import them from a spreadsheet."
            action={
              <Group>
                <Button disabled={readOnly} onClick={() => setCreating(true)}>
                  New contact
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
                <Table.Th>Organization</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Advocacy</Table.Th>
                <Table.Th>Last interaction</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <RouterLink to={`/contacts/${c.id}`} fw={500}>
                        {personName(c)}
                      </RouterLink>
                      {c.is_key_contact && (
                        <IconStarFilled
                          size={12}
                          color="var(--mantine-color-yellow-6)"
                          aria-label="Key contact"
                        />
                      )}
                      <PendingBadge pending={c._pending} />
                    </Group>
                    {c.email && (
                      <Text size="xs" c="dimmed">
                        {c.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.organization_id ? (
                      <RouterLink to={`/organizations/${c.organization_id}`} size="sm">
                        {c.organization_name ?? '—'}
                      </RouterLink>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.title ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <AdvocacyBadge status={c.advocacy_status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.last_interaction_at ? undefined : 'dimmed'}>
                      {c.last_interaction_at ? formatRelative(c.last_interaction_at) : '—'}
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
          noun="contacts"
        />
      )}
      {creating && <ContactFormModal opened onClose={() => setCreating(false)} />}
    </>
  );
}
