/** "3 days ago", or a dimmed dash for a record nobody has talked to yet. */
import { Table, Text } from '@mantine/core';
import { formatRelative } from '../lib/format.ts';

export function LastInteractionCell({ at }: { at: string | null }) {
  return (
    <Table.Td>
      <Text size="sm" c={at ? undefined : 'dimmed'}>
        {at ? formatRelative(at) : '—'}
      </Text>
    </Table.Td>
  );
}
