/**
 * Where this computer's changes stand: the account, the sync state, changes
 * waiting to be sent, and those the server refused (retry, fix, discard).
 */
import { Alert, Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDeviceDesktop, IconCircleCheck } from '@tabler/icons-react';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { useSyncStatus } from '../../hooks/useSyncStatus.ts';
import { syncDisplay } from '../../lib/syncDisplay.ts';
import { RejectedChangeCard } from './RejectedChangeCard.tsx';
import { WaitingChanges } from './WaitingChanges.tsx';

export function SyncScreen() {
  const { account } = useAppInfo();
  const status = useSyncStatus();
  const queue = useQuery('sync.queue', { limit: 200 });
  const q = queue.data;
  const local = account.kind === 'local';
  const d = syncDisplay(
    account.kind,
    status,
    q ? { unsynced: q.unsynced, rejected: q.counts.rejected } : null,
  );

  return (
    <>
      <PageHeader
        title="Sync"
        subtitle="What this computer has that the server does not, and what the server refused"
      />
      {local && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconDeviceDesktop size={18} />}
          mb="md"
          title="This workspace is on this computer only"
        >
          Everything you do is saved here and works offline. There is no server to send it to yet:
          when you sign in to your company&apos;s server, this list shows what is waiting to go up.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} mb="lg">
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed">
            Status
          </Text>
          <Text fw={600} c={d.color === 'gray' ? undefined : d.color}>
            {d.label}
          </Text>
          {d.progress !== undefined && (
            <Stack gap={2} my={4}>
              <Progress value={d.progress * 100} size="sm" aria-label="First download" />
              <Text size="xs" data-testid="sync-progress-text">
                {d.progressText}
              </Text>
            </Stack>
          )}
          <Text size="xs" c="dimmed">
            {local
              ? `${account.display_name} · ${account.workspace_name}`
              : `${account.email} · ${account.server_url ?? ''}`}
          </Text>
        </Card>
        {(
          [
            ['pending', local ? 'Changes kept here' : 'Waiting to send'],
            ['sent', 'Sent, awaiting answer'],
            ['rejected', 'Refused by the server'],
          ] as const
        ).map(([k, label]) => (
          <Card key={k} withBorder padding="sm">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text
              fz={26}
              fw={700}
              c={k === 'rejected' && (q?.counts.rejected ?? 0) > 0 ? 'red' : undefined}
            >
              {q ? q.counts[k] : '–'}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {queue.loading && <LoadingState />}
      {queue.error && <ErrorState error={queue.error} onRetry={queue.refetch} />}
      {q && (
        <Stack gap="lg">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Refused changes
            </Title>
            {q.rejected.length === 0 ? (
              <Group gap="xs">
                <IconCircleCheck size={18} color="var(--mantine-color-teal-filled)" />
                <Text size="sm" c="dimmed">
                  Nothing refused. When the server refuses a change (no permission, a record someone
                  else deleted), it shows here with your version and the server&apos;s side by side.
                </Text>
              </Group>
            ) : (
              q.rejected.map((e) => <RejectedChangeCard key={e.mutation_id} entry={e} />)
            )}
          </Stack>
          <Stack gap="sm">
            <Group gap="xs">
              <Title order={2} size="h4">
                {local ? 'Changes on this computer' : 'Waiting to be sent'}
              </Title>
              <Badge variant="light" color="gray">
                {q.waiting.length}
                {q.waiting.length === 200 ? '+' : ''}
              </Badge>
            </Group>
            <WaitingChanges entries={q.waiting} local={local} />
          </Stack>
        </Stack>
      )}
    </>
  );
}
