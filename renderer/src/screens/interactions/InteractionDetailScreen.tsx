/** One interaction: what happened, with whom, its follow-up (done / reopen), edit, delete, history. */
import { Button, Group, Text } from '@mantine/core';
import { IconCheck, IconRotate } from '@tabler/icons-react';
import { useState } from 'react';
import type { Interaction } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { SentimentBadge } from '../../components/SentimentBadge.tsx';
import { UrgencyBadge } from '../../components/UrgencyBadge.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { useRecordDetail } from '../../hooks/useRecordDetail.ts';
import { formatDate, formatDateTime, formatRelative, localDate } from '../../lib/format.ts';
import { InteractionFormModal } from './InteractionFormModal.tsx';

export function InteractionDetailScreen({ id }: { id: string }) {
  const detail = useRecordDetail<Interaction>('interactions', id);
  const complete = useCommand('interactions.complete_follow_up', { notify: true });
  const [editing, setEditing] = useState(false);

  return (
    <DetailPage
      table="interactions"
      id={id}
      detail={detail}
      back="/follow-ups"
      backLabel="Interactions & follow-ups"
    >
      {(i, data) => {
        const live = !i.deleted_at;
        const today = localDate(0);
        const urgency = !i.follow_up_date
          ? 'unscheduled'
          : i.follow_up_date < today
            ? 'overdue'
            : i.follow_up_date === today
              ? 'due'
              : 'upcoming';
        const title = `${i.interaction_type} · ${formatDate(i.interaction_date)}`;
        return {
          header: {
            crumbs: [['Interactions & follow-ups', '/follow-ups']],
            title,
            badges: <SentimentBadge sentiment={i.sentiment} />,
            subtitle: `Logged ${formatRelative(i.created_at)}`,
            actions: (
              <RecordActions
                table="interactions"
                id={id}
                label={title}
                deleted={!live}
                onEdit={() => setEditing(true)}
              />
            ),
          },
          main: (
            <>
              <SectionCard title="What happened">
                <DetailFields
                  fields={[
                    { label: 'When', value: formatDateTime(i.interaction_date) },
                    { label: 'Type', value: i.interaction_type },
                    {
                      label: 'Contact',
                      value: i.contact_id && (
                        <RouterLink to={`/contacts/${i.contact_id}`} size="sm">
                          {i.contact_name ?? 'Contact'}
                        </RouterLink>
                      ),
                    },
                    {
                      label: 'Opportunity',
                      value: i.opportunity_id && (
                        <RouterLink to={`/opportunities/${i.opportunity_id}`} size="sm">
                          {i.opportunity_name ?? 'Opportunity'}
                        </RouterLink>
                      ),
                    },
                    {
                      label: 'Organization',
                      value: i.organization_id && (
                        <RouterLink to={`/organizations/${i.organization_id}`} size="sm">
                          {i.organization_name ?? 'Organization'}
                        </RouterLink>
                      ),
                    },
                    { label: 'Notes', value: i.notes, wide: true },
                  ]}
                />
              </SectionCard>
              <SectionCard title="Follow-up">
                {!i.follow_up_required ? (
                  <Text size="sm" c="dimmed">
                    No follow-up needed.
                  </Text>
                ) : i.follow_up_done_at ? (
                  <Group justify="space-between">
                    <Text size="sm">Done {formatRelative(i.follow_up_done_at)}.</Text>
                    {live && (
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconRotate size={14} />}
                        loading={complete.pending}
                        onClick={() => void complete.run({ id, done: false })}
                      >
                        Reopen
                      </Button>
                    )}
                  </Group>
                ) : (
                  <Group justify="space-between">
                    <Group gap="xs">
                      <UrgencyBadge urgency={urgency} />
                      <Text size="sm">
                        {i.follow_up_date
                          ? `Due ${formatDate(i.follow_up_date)} (${formatRelative(i.follow_up_date)})`
                          : 'No date set'}
                      </Text>
                    </Group>
                    {live && (
                      <Button
                        size="xs"
                        leftSection={<IconCheck size={14} />}
                        loading={complete.pending}
                        onClick={() => void complete.run({ id })}
                      >
                        Mark done
                      </Button>
                    )}
                  </Group>
                )}
              </SectionCard>
            </>
          ),
          aside: <ActivityTabs detail={data} withTimeline={false} />,
          dialogs: editing && <InteractionFormModal record={i} onClose={() => setEditing(false)} />,
        };
      }}
    </DetailPage>
  );
}
