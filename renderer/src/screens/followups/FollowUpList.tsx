/** Open follow-ups, what to do next first (overdue on top, then date and time), each with its actions. */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCalendarCheck } from '@tabler/icons-react';
import type { Urgency } from '../../api/types.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { UrgencyBadge } from '../../components/UrgencyBadge.tsx';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatDate, formatRelative } from '../../lib/format.ts';
import { useReadOnly } from '../../hooks/useReadOnly.ts';
import type { Scope } from '../../hooks/useScope.ts';
import { FollowUpActions } from './FollowUpActions.tsx';

export interface FollowUpFilter {
  urgency: Urgency[];
  scope: Scope;
  assignee_id?: string;
  principal_id?: string;
}

export function FollowUpList({ filter }: { filter: FollowUpFilter }) {
  const readOnly = useReadOnly();
  const { urgency, ...rest } = filter;
  const list = usePagedQuery('follow_ups.list', {
    limit: 50,
    ...(urgency.length ? { urgency } : {}),
    ...rest,
  });

  if (list.loading) return <LoadingState />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.refetch} />;
  if (list.rows.length === 0)
    return (
      <EmptyView
        icon={<IconCalendarCheck size={28} stroke={1.5} />}
        title={urgency.length ? 'Nothing here' : 'All caught up'}
        description="Log an interaction with a follow-up date (Ctrl/Cmd + L) and it shows up here when it is due."
      />
    );
  return (
    <Stack gap="xs">
      {list.rows.map((f) => (
        <Paper key={f.id} withBorder p="sm" radius="md" data-testid="follow-up">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
            <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs" wrap="wrap">
                <UrgencyBadge urgency={f.urgency} />
                <Text size="sm" fw={600}>
                  {f.follow_up_date
                    ? `${formatDate(f.follow_up_date)}${f.follow_up_time ? ` at ${f.follow_up_time}` : ''} (${formatRelative(f.follow_up_date)})`
                    : 'No date'}
                </Text>
                {f.assignee_name && (
                  <Badge variant="light" color="gray" size="sm" aria-label={`Assigned to ${f.assignee_name}`}>
                    {f.assignee_name}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  after a{/^[AEIOU]/.test(f.interaction_type) ? 'n' : ''}{' '}
                  <RouterLink to={`/interactions/${f.id}`} size="xs">
                    {f.interaction_type.toLowerCase()}
                  </RouterLink>{' '}
                  {formatRelative(f.interaction_date)}
                </Text>
              </Group>
              <Group gap="xs" wrap="wrap">
                {f.contact_id && (
                  <RouterLink to={`/contacts/${f.contact_id}`} size="sm" fw={500}>
                    {f.contact_name ?? 'Contact'}
                  </RouterLink>
                )}
                {f.opportunity_id && (
                  <RouterLink to={`/opportunities/${f.opportunity_id}`} size="sm">
                    {f.opportunity_name ?? 'Opportunity'}
                  </RouterLink>
                )}
                {f.organization_id && (
                  <RouterLink to={`/organizations/${f.organization_id}`} size="sm" c="dimmed">
                    {f.organization_name ?? 'Organization'}
                  </RouterLink>
                )}
              </Group>
              {f.notes && (
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {f.notes}
                </Text>
              )}
            </Stack>
            {!readOnly && <FollowUpActions followUp={f} />}
          </Group>
        </Paper>
      ))}
      <LoadMore
        shown={list.rows.length}
        hasMore={list.hasMore}
        fetching={list.fetching}
        onMore={list.loadMore}
        noun="follow-ups"
      />
    </Stack>
  );
}
