/** Follow-ups due and overdue (mark them done), and every interaction logged. */
import { Button, Switch, Tabs } from '@mantine/core';
import { IconChecklist, IconMessages, IconPencilPlus } from '@tabler/icons-react';
import type { Urgency } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StillDownloadingNotice } from '../../components/StillDownloadingNotice.tsx';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { FollowUpCounts } from './FollowUpCounts.tsx';
import { FollowUpList } from './FollowUpList.tsx';
import { InteractionList } from './InteractionList.tsx';

export function FollowUpsScreen() {
  const params = useListParams();
  const { account } = useAppInfo();
  const quickLog = useQuickLog();
  const tab = params.get('tab') === 'all' ? 'all' : 'due';
  const urgency = (params.get('urgency')?.split(',').filter(Boolean) ?? []) as Urgency[];
  const mine = account.kind === 'server' && params.get('mine') === 'true';
  const counts = useQuery('follow_ups.counts', mine ? { mine: true } : {});

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
        onChange={(t) => params.set({ tab: t === 'all' ? 'all' : null, q: null, urgency: null })}
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
          <FollowUpCounts
            counts={counts.data}
            selected={urgency}
            onSelect={(u) => params.set({ urgency: u.join(',') || null })}
          />
          {/* created_by is stamped by the server: in a local workspace everything is yours and the filter would match nothing. */}
          {account.kind === 'server' && (
            <Switch
              label="Only follow-ups I logged"
              checked={mine}
              onChange={(e) => params.set({ mine: e.currentTarget.checked ? 'true' : null })}
              mb="md"
            />
          )}
          <FollowUpList urgency={urgency} mine={mine} />
        </Tabs.Panel>
        <Tabs.Panel value="all">
          <InteractionList />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
