/** A record's fields as label / value pairs; empty values are dimmed, not hidden, so a rep sees what is missing. */
import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface DetailField {
  label: string;
  value: ReactNode;
  /** Spans the full width (notes, addresses). */
  wide?: boolean;
}

export function DetailFields({ fields, cols = 2 }: { fields: DetailField[]; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: cols }} spacing="md" verticalSpacing="sm">
      {fields.map((f) => (
        // minWidth 0: a grid cell otherwise grows to its longest unbreakable value (an email) and runs over its neighbour.
        <Stack
          key={f.label}
          gap={2}
          data-testid="detail-field"
          style={{ minWidth: 0, ...(f.wide ? { gridColumn: '1 / -1' } : {}) }}
        >
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            {f.label}
          </Text>
          {f.value === null || f.value === undefined || f.value === '' ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : typeof f.value === 'string' ? (
            <Text size="sm" className="pre-wrap">
              {f.value}
            </Text>
          ) : (
            f.value
          )}
        </Stack>
      ))}
    </SimpleGrid>
  );
}
