/** "3 days ago", or a dimmed "never" for a record nobody has talked to yet. */
import { Table, Text } from '@mantine/core';
import { LastInteractionText } from './LastInteractionText.tsx';

export function LastInteractionCell({ at }: { at: string | null }) {
  return (
    <Table.Td>
      <Text size="sm" c={at ? undefined : 'dimmed'}>
        <LastInteractionText at={at} />
      </Text>
    </Table.Td>
  );
}
