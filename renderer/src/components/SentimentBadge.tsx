import { Badge } from '@mantine/core';
import { SENTIMENT_COLOR } from '../theme.ts';

export function SentimentBadge({ sentiment }: { sentiment: string }) {
  return (
    <Badge color={SENTIMENT_COLOR[sentiment] ?? 'gray'} variant="dot">
      {sentiment}
    </Badge>
  );
}
