/**
 * An opportunity on the board. Drag it to another stage, or with the keyboard:
 * focus it (Tab), [ and ] move it one stage back / on, Space picks it up for
 * arrow-key moves, Enter opens it.
 */
import { Card } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import type { KeyboardEvent } from 'react';
import type { Opportunity } from '../../api/types.ts';
import { navigate } from '../../router/router.ts';
import { OpportunityCardBody } from './OpportunityCardBody.tsx';

export interface OpportunityCardProps {
  opportunity: Opportunity;
  onStep: (opportunity: Opportunity, step: -1 | 1) => void;
}

export function OpportunityCard({ opportunity: o, onStep }: OpportunityCardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
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
      // The card stays in its column (dimmed) while the drag overlay follows the pointer.
      style={{ cursor: 'grab', touchAction: 'none' }}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onDoubleClick={() => navigate(`/opportunities/${o.id}`)}
      aria-roledescription="opportunity card"
      aria-label={`${o.name}, ${o.organization_name ?? ''}, ${o.stage}`}
      data-testid="pipeline-card"
    >
      <OpportunityCardBody opportunity={o} />
    </Card>
  );
}
