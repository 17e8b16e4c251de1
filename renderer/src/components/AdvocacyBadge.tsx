import { Badge } from '@mantine/core';
import { ADVOCACY_COLOR } from '../theme.ts';

export function AdvocacyBadge({ status }: { status: string }) {
  return (
    <Badge color={ADVOCACY_COLOR[status] ?? 'gray'} variant="light">
      {status}
    </Badge>
  );
}
