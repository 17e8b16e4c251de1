/** One interaction: what happened, with whom, its follow-up (done / reopen), edit, delete, history. */
import { Button, Grid, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconRotate } from '@tabler/icons-react';
import { useState } from 'react';
import type { Interaction } from '../../api/types.ts';
import { ActivityTabs } from '../../components/ActivityTabs.tsx';
import { RecordActions } from '../../components/RecordActions.tsx';
import { DeletedBanner } from '../../components/DeletedBanner.tsx';
import { DetailFields } from '../../components/DetailFields.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordLoadError } from '../../components/RecordLoadError.tsx';
import { RejectedBanner } from '../../components/RejectedBanner.tsx';
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
  const i = detail.data?.record;

  if (detail.loading) return <LoadingState />;
  if (detail.error || !detail.data || !i)
    return (
      <RecordLoadError
        error={detail.error ?? { code: 'not_found', message: '' }}
        back="/follow-ups"
        backLabel="Interactions & follow-ups"
        onRetry={detail.refetch}
      />
    );

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

  return (
    <>
      <PageHeader
        crumbs={[['Interactions & follow-ups', '/follow-ups']]}
        title={title}
        badges={<SentimentBadge sentiment={i.sentiment} />}
        subtitle={`Logged ${formatRelative(i.created_at)}`}
        actions={
          <RecordActions
            table="interactions"
            id={id}
            label={title}
            deleted={!live}
            onEdit={() => setEditing(true)}
          />
        }
      />
      {i.deleted_at && <DeletedBanner table="interactions" id={id} deletedAt={i.deleted_at} />}
      <RejectedBanner rejected={detail.data.rejected} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
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
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ActivityTabs detail={detail.data} withTimeline={false} />
        </Grid.Col>
      </Grid>
      {editing && <InteractionFormModal record={i} onClose={() => setEditing(false)} />}
    </>
  );
}
