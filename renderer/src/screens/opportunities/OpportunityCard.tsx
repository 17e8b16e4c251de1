/**
 * An opportunity on the board. Drag it to another stage, or with the keyboard:
 * focus it (Tab), [ and ] move it one stage back / on, Space picks it up for
 * arrow-key moves, Enter opens it.
 */
import { Card, Group, Stack, Text } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import type { KeyboardEvent } from 'react';
import type { Opportunity } from '../../api/types.ts';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { formatRelative } from '../../lib/format.ts';
import { navigate } from '../../router/router.ts';

export interface OpportunityCardProps {
  opportunity: Opportunity;
  onStep: (opportunity: Opportunity, step: -1 | 1) => void;
}

export function OpportunityCard({ opportunity: o, onStep }: OpportunityCardProps) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: o.id,
    data: { opportunity: o },
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === '[' || e.key === ']') {
      e.preventDefault();
      onStep(o, e.key === '[' ? -1 : 1);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      navigate(`/opportunities/${o.id}`);
      return;
    }
    listeners?.onKeyDown?.(e);
  };
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="sm"
      radius="md"
      shadow={isDragging ? 'md' : 'xs'}
      className="pipeline-card"
      data-dragging={isDragging || undefined}
      style={{
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        cursor: 'grab',
        touchAction: 'none',
      }}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onDoubleClick={() => navigate(`/opportunities/${o.id}`)}
      aria-roledescription="opportunity card"
      aria-label={`${o.name}, ${o.organization_name ?? ''}, ${o.stage}`}
      data-testid="pipeline-card"
    >
      <Stack gap={4}>
        {/* Not a link: the card is already the control (a link inside it would nest two). Enter or a double click opens it. */}
        <Text size="sm" fw={600} lineClamp={2}>
          {o.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {o.organization_name ?? '—'}
          {o.primary_contact_name ? ` · ${o.primary_contact_name}` : ''}
        </Text>
        <Group justify="space-between" gap={4}>
          <Text size="xs" c="dimmed">
            {o.context ?? ' '}
          </Text>
          <Group gap={4}>
            <PendingBadge pending={o._pending} />
            <Text size="xs" c="dimmed" title="In this stage since">
              {formatRelative(o.stage_changed_at)}
            </Text>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
