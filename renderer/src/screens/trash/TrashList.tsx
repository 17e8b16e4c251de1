/** Deleted records of one kind, most recently changed first, each with Restore. */
import { Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRestore, IconTrashOff } from '@tabler/icons-react';
import type { BaseRow } from '../../api/types.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatDate, formatRelative, personName } from '../../lib/format.ts';
import { NOUN } from '../../lib/tables.ts';

export type TrashTable =
  'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';

function title(table: TrashTable, r: Record<string, unknown>): string {
  if (table === 'contacts') return personName(r);
  if (table === 'interactions')
    return `${String(r.interaction_type)} · ${formatDate(String(r.interaction_date))}`;
  return String(r.name ?? '');
}

function subtitle(table: TrashTable, r: Record<string, unknown>): string {
  if (table === 'contacts' || table === 'opportunities' || table === 'interactions')
    return String(r.organization_name ?? '');
  if (table === 'products') return String(r.principal_name ?? '');
  return String(r.segment ?? '');
}

export function TrashList({ table }: { table: TrashTable }) {
  const sort = table === 'interactions' ? 'interaction_date' : 'updated_at';
  const list = usePagedQuery(`${table}.list` as 'organizations.list', {
    deleted: 'deleted',
    // The name cast above picks one list's types; each table's own sort is passed.
    sort: sort as 'updated_at',
    dir: 'desc',
    limit: 50,
  });
  const restore = useCommand(`${table}.restore` as 'organizations.restore', { notify: true });

  if (list.loading) return <LoadingState />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.refetch} />;
  if (list.rows.length === 0)
    return (
      <EmptyView
        icon={<IconTrashOff size={28} stroke={1.5} />}
        title={`No deleted ${NOUN[table]?.many}`}
        description="Deleted records wait here until you restore them."
      />
    );

  return (
    <>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{NOUN[table]?.one.replace(/^./, (c) => c.toUpperCase())}</Table.Th>
            <Table.Th>Deleted</Table.Th>
            <Table.Th w={120}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.rows as unknown as (BaseRow & Record<string, unknown>)[]).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <RouterLink to={`/${table}/${r.id}`} fw={500}>
                  {title(table, r) || '(no name)'}
                </RouterLink>
                <Text size="xs" c="dimmed">
                  {subtitle(table, r)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatRelative(r.deleted_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconRestore size={14} />}
                    onClick={() =>
                      void restore.run({ id: r.id }).then(
                        (ok) =>
                          ok &&
                          notifications.show({
                            color: 'teal',
                            message: `${title(table, r)} restored`,
                          }),
                      )
                    }
                  >
                    Restore
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore
        shown={list.rows.length}
        hasMore={list.hasMore}
        fetching={list.fetching}
        onMore={list.loadMore}
        noun={NOUN[table]?.many ?? table}
      />
    </>
  );
}
