/** Records related to the one on screen, each a link; says so when there are none. */
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { href } from '../router/router.ts';

export interface RelatedItem {
  id: string;
  to: string;
  title: string;
  subtitle?: ReactNode;
  right?: ReactNode;
}

export function RelatedList({
  items,
  empty,
  max = 50,
}: {
  items: RelatedItem[];
  empty: string;
  max?: number;
}) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {items.slice(0, max).map((i) => (
        <UnstyledButton
          key={i.id}
          component="a"
          href={href(i.to)}
          px="xs"
          py={6}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          className="related-row"
        >
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate c="var(--mantine-color-anchor)">
                {i.title}
              </Text>
              {i.subtitle && (
                <Text size="xs" c="dimmed" truncate>
                  {i.subtitle}
                </Text>
              )}
            </Stack>
            {i.right && (
              <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                {i.right}
              </Group>
            )}
          </Group>
        </UnstyledButton>
      ))}
      {items.length > max && (
        <Text size="xs" c="dimmed" px="xs">
          and {items.length - max} more
        </Text>
      )}
    </Stack>
  );
}
