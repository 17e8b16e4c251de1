/** The right-hand column of a record page: its interaction timeline and its history. */
import { Badge, Button, Card, Tabs } from '@mantine/core';
import { IconHistory, IconMessages, IconPencilPlus } from '@tabler/icons-react';
import { friendlyMessage } from '../api/errors.ts';
import type { Interaction, RecordDetail } from '../api/types.ts';
import { useAppInfo } from '../hooks/useAppInfo.ts';
import { useRecordHistory, type RecordHistoryState } from '../hooks/useRecordHistory.ts';
import { historyOf } from '../lib/history.ts';
import { EmptyView } from './EmptyView.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { InteractionTimeline } from './InteractionTimeline.tsx';
import { useReadOnly } from '../hooks/useReadOnly.ts';

export interface ActivityTabsProps {
  detail: RecordDetail;
  hide?: ('contact' | 'organization' | 'opportunity')[];
  onLog?: () => void;
  /** Products have no interactions of their own: only history. */
  withTimeline?: boolean;
  /** Extra interactions to show with the record's own (a principal's: those on its opportunities). */
  extra?: Interaction[];
  /** The record's server history when the page already asked for it (an opportunity's stage history). */
  history?: RecordHistoryState;
}

/**
 * What, when it changes, means the server's history of the record has more to
 * say: the record's own stamp (someone changed it; the stream brought it) and
 * this device's unconfirmed changes (one settling is then in the trail).
 */
export function localChangesKey(detail: RecordDetail): string {
  const stamp = `${String(detail.record.updated_at)}|${String(detail.record.deleted_at)}`;
  return [stamp, ...[...detail.pending, ...detail.rejected].map((e) => `${e.mutation_id}:${e.status}`)].join(',');
}

export function ActivityTabs({
  detail,
  hide,
  onLog,
  withTimeline = true,
  extra = [],
  history: given,
}: ActivityTabsProps) {
  const readOnly = useReadOnly();
  const { account } = useAppInfo();
  const own = new Set(detail.timeline.map((i) => i.id));
  const timeline = [...detail.timeline, ...extra.filter((i) => !own.has(i.id))].sort((a, b) =>
    b.interaction_date.localeCompare(a.interaction_date),
  );
  const asked = useRecordHistory(detail.table, String(detail.record.id), localChangesKey(detail), {
    enabled: !given,
  });
  const server = given ?? asked;
  const history = historyOf(
    server.data?.entries ?? [],
    detail.pending,
    detail.rejected,
    server.data?.own_changes ?? [],
  );
  return (
    <Card withBorder padding="md" radius="md">
      <Tabs defaultValue={withTimeline ? 'timeline' : 'history'} keepMounted={false}>
        <Tabs.List mb="md">
          {withTimeline && (
            <Tabs.Tab
              value="timeline"
              leftSection={<IconMessages size={16} />}
              rightSection={
                <Badge size="xs" variant="light" color="gray">
                  {timeline.length}
                </Badge>
              }
            >
              Interactions
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            History
          </Tabs.Tab>
        </Tabs.List>
        {withTimeline && (
          <Tabs.Panel value="timeline">
            {onLog && !readOnly && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPencilPlus size={14} />}
                mb="md"
                onClick={onLog}
              >
                Log an interaction
              </Button>
            )}
            {timeline.length ? (
              <InteractionTimeline items={timeline} {...(hide ? { hide } : {})} />
            ) : (
              <EmptyView
                title="No interactions yet"
                description="Calls, visits, emails and samples logged here show up in this timeline."
              />
            )}
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history">
          <HistoryPanel
            entries={history}
            local={account.kind === 'local'}
            source={{
              history: server.data,
              loading: server.loading,
              error: server.error ? friendlyMessage(server.error) : null,
              loadOlder: server.loadOlder,
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
