/** Who changed what and when: the server's audit trail, plus changes still on this computer. */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { HistoryEntry } from '../lib/history.ts';
import { formatDateTime, formatRelative, humanize } from '../lib/format.ts';
import { EmptyView } from './EmptyView.tsx';
import { HistoryValue } from './HistoryValue.tsx';

const SOURCE: Record<HistoryEntry['source'], { label: string; color: string }> = {
  server: { label: 'On the server', color: 'teal' },
  local: { label: 'On this computer', color: 'gray' },
  rejected: { label: 'Refused by the server', color: 'red' },
};

export function HistoryPanel({ entries, local }: { entries: HistoryEntry[]; local: boolean }) {
  if (entries.length === 0) {
    return (
      <EmptyView
        title="No history yet"
        description={
          local
            ? 'Changes you make are listed here.'
            : 'The audit trail arrives from the server as it syncs.'
        }
      />
    );
  }
  return (
    <Stack gap="md">
      {entries.map((e) => (
        <Stack key={e.key} gap={4}>
          <Group gap={8} wrap="wrap">
            <Text size="sm" fw={600}>
              {e.who ?? 'Someone'} {e.action} this
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
              {formatRelative(e.at)}
            </Text>
            {!(local && e.source === 'local') && (
              <Badge size="xs" variant="light" color={SOURCE[e.source].color}>
                {SOURCE[e.source].label}
              </Badge>
            )}
          </Group>
          {e.reason && (
            <Text size="xs" c="red">
              {e.reason}
            </Text>
          )}
          {e.changes.length > 0 && (
            <Table fz="xs" verticalSpacing={2} withRowBorders={false}>
              <Table.Tbody>
                {e.changes.map((c) => (
                  <Table.Tr key={c.field}>
                    <Table.Td w={140} c="dimmed" style={{ verticalAlign: 'top' }}>
                      {humanize(c.field)}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {c.old !== undefined && (
                        <>
                          <Text span size="xs" td="line-through" c="dimmed">
                            <HistoryValue field={c.field} value={c.old} />
                          </Text>
                          {' → '}
                        </>
                      )}
                      <HistoryValue field={c.field} value={c.new} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
