/** Changes the server refused, across the team, newest first. */
import { Badge, Code, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { adminClient } from '../../api/admin.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { formatDateTime, formatRelative, humanize } from '../../lib/format.ts';
import { nounOf } from '../../lib/tables.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

export function RejectedPanel() {
  const load = useCallback(() => adminClient.rejected({ limit: 200 }), []);
  const { data, error, loading, reload } = useAdminData(load);
  return (
    <>
      <AdminLoadState loading={loading && !data} error={error} onRetry={reload} />
      {data && data.length === 0 && (
        <EmptyView
          title="No refused changes"
          description="Every change the team sent was accepted."
        />
      )}
      {data && data.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Fields</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((r) => (
                <Table.Tr key={r.mutation_id}>
                  <Table.Td title={formatDateTime(r.received_at)}>
                    <Text size="sm">{formatRelative(r.received_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.op} {nounOf(r.table_name)}
                    </Text>
                    <Code fz="xs">{r.row_id.slice(-12)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="red" variant="light" size="sm">
                      {r.code}
                    </Badge>
                    <Text size="xs">{r.message}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {Object.keys(r.changes ?? {})
                        .map(humanize)
                        .join(', ') || '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
