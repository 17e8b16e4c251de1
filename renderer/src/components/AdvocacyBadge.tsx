/** A contact's advocacy status as a badge; never shortened ("CHAMPI…"): it keeps its full width wherever it sits. */
import { Badge } from '@mantine/core';
import { ADVOCACY_COLOR } from '../theme.ts';

export function AdvocacyBadge({ status }: { status: string }) {
  return (
    <Badge
      color={ADVOCACY_COLOR[status] ?? 'gray'}
      variant="light"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      data-testid="advocacy-badge"
    >
      {status}
    </Badge>
  );
}
