import { Badge } from '@mantine/core';
import { URGENCY_COLOR } from '../theme.ts';

const LABEL: Record<string, string> = {
  overdue: 'Overdue',
  due: 'Due today',
  upcoming: 'Upcoming',
  unscheduled: 'No date',
};

export function UrgencyBadge({ urgency }: { urgency: string }) {
  return (
    <Badge
      color={URGENCY_COLOR[urgency] ?? 'gray'}
      variant={urgency === 'overdue' ? 'filled' : 'light'}
    >
      {LABEL[urgency] ?? urgency}
    </Badge>
  );
}
