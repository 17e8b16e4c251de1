/**
 * The principal dashboard: every principal with its engagement gauge and
 * activity, filterable by engagement; follow-ups and the pipeline beside.
 */
import {
  Button,
  Grid,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconBuildingFactory2, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { ENGAGEMENT_LEVELS } from '../../../../sync/schema/index.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ScopeSwitch } from '../../components/ScopeSwitch.tsx';
import { StillDownloadingNotice } from '../../components/StillDownloadingNotice.tsx';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { useScope } from '../../hooks/useScope.ts';
import { useSyncStatus } from '../../hooks/useSyncStatus.ts';
import { OrganizationFormModal } from '../organizations/OrganizationFormModal.tsx';
import { CloseReasonsPanel } from './CloseReasonsPanel.tsx';
import { FollowUpSummary } from './FollowUpSummary.tsx';
import { GettingStarted } from './GettingStarted.tsx';
import { PipelineSummary } from './PipelineSummary.tsx';
import { PrincipalCard } from './PrincipalCard.tsx';

const ORDER = { name: 'Name', activity: 'Last activity', due: 'Follow-ups due' } as const;

export function DashboardScreen() {
  const { account } = useAppInfo();
  const params = useListParams();
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState('');
  // Mine / Team scopes every count here: the follow-up summary, the pipeline, the close reasons
  // and the principal cards (on Team they are principal_activity_summary's).
  const { scope } = useScope('dashboard');
  const principals = useQuery('dashboard.principals', { scope });
  const pipeline = useQuery('dashboard.pipeline', { scope });
  const counts = useQuery('follow_ups.counts', { scope });
  // Mid first download the workspace only looks empty: no "get started" steps until it is in.
  const downloading = useSyncStatus()?.state === 'initial_sync';
  const level = params.get('engagement') ?? 'all';
  const order = (params.get('order') as keyof typeof ORDER | null) ?? 'name';

  const all = principals.data ?? [];
  const byLevel = Object.fromEntries(
    ENGAGEMENT_LEVELS.map((l) => [l, all.filter((p) => p.engagement_level === l).length]),
  );
  const shown = all
    .filter((p) => level === 'all' || p.engagement_level === level)
    .filter((p) => !text || p.name.toLowerCase().includes(text.toLowerCase()))
    .sort((a, b) =>
      order === 'activity'
        ? (b.last_activity_at ?? '').localeCompare(a.last_activity_at ?? '')
        : order === 'due'
          ? b.follow_ups_due_count - a.follow_ups_due_count || a.name.localeCompare(b.name)
          : 0,
    );

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={`${account.workspace_name} · how each principal is doing`}
        actions={<ScopeSwitch screen="dashboard" mineLabel="your interactions, follow-ups and opportunities" />}
      />
      <StillDownloadingNotice />
      {principals.data && !downloading && (
        <GettingStarted principals={all.length} local={account.kind === 'local'} />
      )}
      <Grid gap="md" mb="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <FollowUpSummary counts={counts.data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {pipeline.data && <PipelineSummary stages={pipeline.data} />}
        </Grid.Col>
      </Grid>
      <CloseReasonsPanel scope={scope} />
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Text fw={650} size="lg">
          Principals
          <Text span size="sm" c="dimmed" fw={400}>
            {scope === 'mine' ? ' · your activity' : ' · whole team'}
          </Text>
        </Text>
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Find a principal"
            placeholder="Find a principal"
            leftSection={<IconSearch size={16} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={200}
          />
          <SegmentedControl
            aria-label="Engagement"
            value={level}
            onChange={(v) => params.set({ engagement: v === 'all' ? null : v })}
            data={[
              { value: 'all', label: `All ${all.length}` },
              ...ENGAGEMENT_LEVELS.map((l) => ({ value: l, label: `${l} ${byLevel[l] ?? 0}` })),
            ]}
          />
          <SegmentedControl
            aria-label="Order"
            value={order}
            onChange={(v) => params.set({ order: v === 'name' ? null : v })}
            data={Object.entries(ORDER).map(([value, label]) => ({ value, label }))}
          />
        </Group>
      </Group>
      {principals.error && <ErrorState error={principals.error} onRetry={principals.refetch} />}
      {principals.loading ? (
        <LoadingState />
      ) : all.length === 0 && downloading ? (
        <EmptyView
          icon={<IconBuildingFactory2 size={28} stroke={1.5} />}
          title="Principals are still downloading"
          description="They appear here as the first sync brings them in."
        />
      ) : all.length === 0 ? (
        <EmptyView
          icon={<IconBuildingFactory2 size={28} stroke={1.5} />}
          title="No principals yet"
          description="Principals are the manufacturers you represent. Add one (or mark an organization as principal) to see its engagement here."
          action={<Button onClick={() => setCreating(true)}>Add a principal</Button>}
        />
      ) : shown.length === 0 ? (
        <EmptyView
          title="No principal matches"
          description="Try another engagement level or name."
        />
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
            {shown.map((p) => (
              <PrincipalCard key={p.principal_id} p={p} />
            ))}
          </SimpleGrid>
        </Stack>
      )}
      {creating && (
        <OrganizationFormModal
          opened
          onClose={() => setCreating(false)}
          preset={{ is_principal: true }}
        />
      )}
    </>
  );
}
