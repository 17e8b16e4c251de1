/** A titled card on a detail page: related records, timeline, history. */
import { Badge, Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface SectionCardProps {
  title: string;
  count?: number;
  /** Says what the count counts ("21 opportunities") where the title alone does not. */
  countLabel?: string;
  action?: ReactNode;
  children: ReactNode;
}

export function SectionCard({ title, count, countLabel, action, children }: SectionCardProps) {
  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap={8}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {countLabel !== undefined ? (
            <Badge variant="light" color="gray" size="sm" tt="none" style={{ flexShrink: 0 }}>
              {countLabel}
            </Badge>
          ) : (
            count !== undefined && (
              <Badge variant="light" color="gray" size="sm" style={{ flexShrink: 0 }}>
                {count}
              </Badge>
            )
          )}
        </Group>
        {action}
      </Group>
      {children}
    </Card>
  );
}
