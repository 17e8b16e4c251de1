import { Badge } from '@mantine/core';
import { ENGAGEMENT_COLOR } from '../theme.ts';

export function EngagementBadge({ level }: { level: string }) {
  return (
    <Badge color={ENGAGEMENT_COLOR[level] ?? 'gray'} variant="light">
      {level === 'Inactive' ? 'Inactive' : `${level} engagement`}
    </Badge>
  );
}
