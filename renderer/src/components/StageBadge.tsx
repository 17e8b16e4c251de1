import { Badge } from '@mantine/core';
import { STAGE_COLOR } from '../theme.ts';

export function StageBadge({ stage }: { stage: string }) {
  return (
    <Badge color={STAGE_COLOR[stage] ?? 'gray'} variant="light">
      {stage}
    </Badge>
  );
}
