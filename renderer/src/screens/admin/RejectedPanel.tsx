/** Changes the server refused, across the team, newest first, with who sent them from which device. */
import { Badge, Code, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { adminClient } from '../../api/admin.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { formatDateTime, formatRelative, humanize } from '../../lib/format.ts';
import { nounOf } from '../../lib/tables.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

export function RejectedPanel() {
  const load = useCallback(async () => {
    const [rejected, members, devices] = await Promise.all([
      adminClient.rejected({ limit: 200 }),
      adminClient.members({ include_removed: true }),
      adminClient.devices(),
    ]);
    const who = new Map(members.map((m) => [m.user_id, m.display_name]));
    const device = new Map(devices.map((d) => [d.id, d.name ?? 'unnamed device']));
    return rejected.map((r) => ({
      ...r,
      who: (r.user_id && who.get(r.user_id)) ?? 'someone no longer listed',
      device: device.get(r.device_id) ?? 'an unknown device',
    }));
  }, []);
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
                <Table.Th>Who</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>What was sent</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((r) => (
                <Table.Tr key={r.mutation_id} data-testid="refused-row">
                  <Table.Td title={formatDateTime(r.received_at)}>
                    <Text size="sm">{formatRelative(r.received_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.who}</Text>
                    <Text size="xs" c="dimmed">
                      {r.device}
                    </Text>
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
                      {Object.entries(r.changes ?? {})
                        .map(
                          ([k, v]) =>
                            `${humanize(k)}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
                        )
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
