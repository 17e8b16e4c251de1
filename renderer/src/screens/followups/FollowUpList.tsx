/** Open follow-ups, soonest first (overdue on top), each with Mark done. */
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCalendarCheck, IconCheck } from '@tabler/icons-react';
import type { Urgency } from '../../api/types.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { UrgencyBadge } from '../../components/UrgencyBadge.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { formatDate, formatRelative } from '../../lib/format.ts';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

export function FollowUpList({ urgency, mine }: { urgency: Urgency[]; mine: boolean }) {
  const readOnly = useReadOnly();
  const list = usePagedQuery('follow_ups.list', {
    limit: 50,
    ...(urgency.length ? { urgency } : {}),
    ...(mine ? { mine: true } : {}),
  });
  const complete = useCommand('interactions.complete_follow_up', { notify: true });

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
        <Paper key={f.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
            <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Group gap="xs" wrap="wrap">
                <UrgencyBadge urgency={f.urgency} />
                <Text size="sm" fw={600}>
                  {f.follow_up_date
                    ? `${formatDate(f.follow_up_date)} (${formatRelative(f.follow_up_date)})`
                    : 'No date'}
                </Text>
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
            {!readOnly && (
              <Button
                variant="light"
                leftSection={<IconCheck size={16} />}
                onClick={() => void complete.run({ id: f.id })}
                aria-label={`Mark the follow-up with ${f.contact_name ?? f.organization_name ?? 'them'} done`}
              >
                Done
              </Button>
            )}
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
