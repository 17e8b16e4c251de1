/** How sync is doing on the server: write rates, connected devices, replication lag. */
import { Badge, Card, SimpleGrid, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { adminClient } from '../../api/admin.ts';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function SyncHealthPanel() {
  const load = useCallback(() => adminClient.syncHealth(), []);
  const { data, error, loading, reload } = useAdminData(load);
  return (
    <>
      <AdminLoadState loading={loading && !data} error={error} onRetry={reload} />
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }} mb="md">
            {(
              [
                ['Changes / minute', data.mutations_per_minute.toFixed(1)],
                ['Refused / minute', data.rejected_per_minute.toFixed(1)],
                ['Devices connected', data.connected_devices],
                ['Live requests', data.live_shape_requests],
                ['Shape service', data.shape_backend === 'built-in' ? 'Built-in' : 'Electric'],
              ] as const
            ).map(([label, v]) => (
              <Card key={label} withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fz={22} fw={700}>
                  {v}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Replication slot</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>Lag</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.replication_slots.map((s) => (
                <Table.Tr key={s.slot_name}>
                  <Table.Td>{s.slot_name}</Table.Td>
                  <Table.Td>{s.slot_type}</Table.Td>
                  <Table.Td>
                    <Badge color={s.active ? 'teal' : 'gray'} variant="light">
                      {s.active ? 'yes' : 'no'}
                    </Badge>
                  </Table.Td>
                  <Table.Td c={s.lag_bytes && s.lag_bytes > 64 * 1024 ** 2 ? 'red' : undefined}>
                    {bytes(s.lag_bytes)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
