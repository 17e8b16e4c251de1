/** Interactions newest first: what, when, with whom, how it went, and its follow-up (mark done here). */
import { Badge, Button, Group, Stack, Text, Timeline } from '@mantine/core';
import {
  IconCalendarEvent,
  IconMail,
  IconMessage,
  IconNote,
  IconPhone,
  IconRepeat,
  IconToolsKitchen2,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Interaction } from '../api/types.ts';
import { useCommand } from '../hooks/useCommand.ts';
import { formatDate, formatDateTime, formatRelative, localDate } from '../lib/format.ts';
import { RouterLink } from './RouterLink.tsx';
import { SentimentBadge } from './SentimentBadge.tsx';
import { useReadOnly } from '../hooks/useReadOnly.ts';

const ICON: Record<string, ReactNode> = {
  Email: <IconMail size={14} />,
  'Phone Call': <IconPhone size={14} />,
  Meeting: <IconUsers size={14} />,
  'Demo/sampled': <IconToolsKitchen2 size={14} />,
  'Follow-up': <IconRepeat size={14} />,
  Note: <IconNote size={14} />,
};

export interface InteractionTimelineProps {
  items: Interaction[];
  /** Which links to show: a contact's page need not link the contact. */
  hide?: ('contact' | 'organization' | 'opportunity')[];
}

export function InteractionTimeline({ items, hide = [] }: InteractionTimelineProps) {
  const readOnly = useReadOnly();
  const complete = useCommand('interactions.complete_follow_up', { notify: true });
  const today = localDate(0);
  return (
    <Timeline bulletSize={26} lineWidth={2} active={items.length}>
      {items.map((i) => {
        const open = i.follow_up_required && !i.follow_up_done_at;
        const overdue = open && i.follow_up_date !== null && i.follow_up_date < today;
        return (
          <Timeline.Item
            key={i.id}
            bullet={ICON[i.interaction_type] ?? <IconMessage size={14} />}
            title={
              <Group gap={8} wrap="wrap">
                <RouterLink to={`/interactions/${i.id}`} fw={600} size="sm">
                  {i.interaction_type}
                </RouterLink>
                <SentimentBadge sentiment={i.sentiment} />
                <Text size="xs" c="dimmed" title={formatDateTime(i.interaction_date)}>
                  {formatRelative(i.interaction_date)}
                </Text>
              </Group>
            }
          >
            <Stack gap={4} mt={4}>
              <Group gap={6} wrap="wrap">
                {!hide.includes('contact') && i.contact_id && (
                  <RouterLink to={`/contacts/${i.contact_id}`} size="xs">
                    {i.contact_name || 'Contact'}
                  </RouterLink>
                )}
                {!hide.includes('opportunity') && i.opportunity_id && (
                  <RouterLink to={`/opportunities/${i.opportunity_id}`} size="xs">
                    {i.opportunity_name || 'Opportunity'}
                  </RouterLink>
                )}
                {!hide.includes('organization') && i.organization_id && (
                  <RouterLink to={`/organizations/${i.organization_id}`} size="xs" c="dimmed">
                    {i.organization_name || 'Organization'}
                  </RouterLink>
                )}
              </Group>
              {i.notes && (
                <Text size="sm" className="pre-wrap" lineClamp={6}>
                  {i.notes}
                </Text>
              )}
              {i.follow_up_required && (
                <Group gap={6}>
                  <IconCalendarEvent size={14} />
                  {i.follow_up_done_at ? (
                    <Text size="xs" c="dimmed">
                      Follow-up done {formatRelative(i.follow_up_done_at)}
                    </Text>
                  ) : (
                    <>
                      <Badge
                        size="xs"
                        color={overdue ? 'red' : 'orange'}
                        variant={overdue ? 'filled' : 'light'}
                      >
                        {i.follow_up_date
                          ? `${overdue ? 'Overdue' : 'Follow up'} ${formatDate(i.follow_up_date)}`
                          : 'Follow up (no date)'}
                      </Badge>
                      {open && !readOnly && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => void complete.run({ id: i.id })}
                          loading={complete.pending}
                        >
                          Mark done
                        </Button>
                      )}
                    </>
                  )}
                </Group>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
