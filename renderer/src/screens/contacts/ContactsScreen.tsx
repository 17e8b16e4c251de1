/** Contacts: the people at customers, principals and distributors. */
import { Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { IconAddressBook, IconStarFilled } from '@tabler/icons-react';
import { ADVOCACY_STATUSES } from '../../../../sync/schema/index.ts';
import type { Contact } from '../../api/types.ts';
import { AdvocacyBadge } from '../../components/AdvocacyBadge.tsx';
import { LastInteractionCell } from '../../components/LastInteractionCell.tsx';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { RecordListPage, type SortChoice } from '../../components/RecordListPage.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { boolParam, useListParams } from '../../hooks/useListParams.ts';
import { personName } from '../../lib/format.ts';
import { ContactFormModal } from './ContactFormModal.tsx';

const SORTS: SortChoice[] = [
  { value: 'name', label: 'Last name', dir: 'asc' },
  { value: 'last_interaction_at', label: 'Last interaction', dir: 'desc' },
  { value: 'updated_at', label: 'Last changed', dir: 'desc' },
];

export function ContactsScreen() {
  const params = useListParams();
  const advocacy = params.get('advocacy') as Contact['advocacy_status'] | null;
  const key = boolParam(params.get('key'));
  return (
    <RecordListPage
      query="contacts.list"
      params={params}
      listKey="contacts"
      title="Contacts"
      subtitle="Chefs, buyers, owners and DSRs"
      noun={{ one: 'contact', many: 'contacts' }}
      searchPlaceholder="Search name, title, email…  ( / )"
      sorts={SORTS}
      filters={{
        ...(advocacy ? { advocacy_status: advocacy } : {}),
        ...(key ? { is_key_contact: true } : {}),
      }}
      filtered={Boolean(advocacy || key)}
      toolbar={
        <>
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
        </>
      }
      empty={{
        icon: <IconAddressBook size={28} stroke={1.5} />,
        description: 'Add the people you sell to, or import them from a spreadsheet.',
        canImport: true,
      }}
      columns={['Name', 'Organization', 'Title', 'Advocacy', 'Last interaction']}
      minWidth={760}
      rowKey={(c) => c.id}
      cells={(c) => (
        <>
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
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
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
          <LastInteractionCell at={c.last_interaction_at} />
        </>
      )}
      createForm={(close) => <ContactFormModal opened onClose={close} />}
    />
  );
}
