/** Follow-ups due and overdue (mark them done), and every interaction logged. */
import { Button, Tabs } from '@mantine/core';
import { IconChecklist, IconMessages, IconPencilPlus } from '@tabler/icons-react';
import type { Urgency } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StillDownloadingNotice } from '../../components/StillDownloadingNotice.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { useScope } from '../../hooks/useScope.ts';
import { FollowUpCounts } from './FollowUpCounts.tsx';
import { FollowUpFilters } from './FollowUpFilters.tsx';
import { FollowUpList } from './FollowUpList.tsx';
import { InteractionList } from './InteractionList.tsx';

export function FollowUpsScreen() {
  const params = useListParams();
  const quickLog = useQuickLog();
  const tab = params.get('tab') === 'all' ? 'all' : 'due';
  const urgency = (params.get('urgency')?.split(',').filter(Boolean) ?? []) as Urgency[];
  const { scope } = useScope('follow_ups');
  const principalId = params.get('principal');
  const assigneeId = scope === 'team' ? params.get('assignee') : null;
  const filter = {
    scope,
    ...(principalId ? { principal_id: principalId } : {}),
    ...(assigneeId ? { assignee_id: assigneeId } : {}),
  };
  const counts = useQuery('follow_ups.counts', filter);

  return (
    <>
      <PageHeader
        title="Interactions & follow-ups"
        subtitle="What you promised to get back to, and everything logged"
        actions={
          <Button leftSection={<IconPencilPlus size={16} />} onClick={() => quickLog.open()}>
            Log interaction
          </Button>
        }
      />
      <StillDownloadingNotice />
      <Tabs
        value={tab}
        onChange={(t) =>
          params.set({ tab: t === 'all' ? 'all' : null, q: null, urgency: null, principal: null, assignee: null })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="due" leftSection={<IconChecklist size={16} />}>
            Follow-ups
          </Tabs.Tab>
          <Tabs.Tab value="all" leftSection={<IconMessages size={16} />}>
            All interactions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="due">
          <FollowUpFilters
            scope={scope}
            principalId={principalId}
            assigneeId={assigneeId}
            onChange={(n) => params.set(n)}
          />
          <FollowUpCounts
            counts={counts.data}
            selected={urgency}
            onSelect={(u) => params.set({ urgency: u.join(',') || null })}
          />
          <FollowUpList filter={{ urgency, ...filter }} />
        </Tabs.Panel>
        <Tabs.Panel value="all">
          <InteractionList />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
