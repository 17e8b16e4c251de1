/** A titled card on a detail page: related records, timeline, history. */
import { Badge, Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface SectionCardProps {
  title: string;
  count?: number;
  action?: ReactNode;
  children: ReactNode;
}

export function SectionCard({ title, count, action, children }: SectionCardProps) {
  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap={8}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {count !== undefined && (
            <Badge variant="light" color="gray" size="sm">
              {count}
            </Badge>
          )}
        </Group>
        {action}
      </Group>
      {children}
    </Card>
  );
}
