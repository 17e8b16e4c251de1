/** The copy of a card that follows the pointer while it is dragged (the DragOverlay's content). */
import { Card } from '@mantine/core';
import type { Opportunity } from '../../api/types.ts';
import { OpportunityCardBody } from './OpportunityCardBody.tsx';

export function DraggedCard({ opportunity }: { opportunity: Opportunity }) {
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      shadow="lg"
      className="pipeline-drag-overlay"
      data-testid="pipeline-drag-overlay"
      // Hidden from assistive tech: the live announcements already say what is being moved.
      aria-hidden
      style={{ cursor: 'grabbing', transform: 'rotate(2deg)' }}
    >
      <OpportunityCardBody opportunity={opportunity} />
    </Card>
  );
}
