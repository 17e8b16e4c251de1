/**
 * Always in the header: where the data stands. A local workspace says in plain
 * words that it is on this computer and shared with nobody (a count of its
 * changes would mean nothing: they are never sent); with the sync client, the same component
 * shows offline / connecting / initial download progress / up to date / sending
 * / errors from the SyncStatus union.
 */
import {
  Badge,
  Button,
  Group,
  Indicator,
  Popover,
  Progress,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import {
  IconCloud,
  IconCloudCheck,
  IconCloudOff,
  IconCloudUpload,
  IconDeviceDesktop,
  IconAlertTriangle,
} from '@tabler/icons-react';
import type { SyncQueue } from '../api/types.ts';
import { plural } from '../lib/format.ts';
import { syncDisplay } from '../lib/syncDisplay.ts';
import type { SyncStatus } from '../lib/parseSyncStatus.ts';
import { navigate } from '../router/router.ts';

export interface SyncIndicatorProps {
  kind: 'local' | 'server';
  status: SyncStatus | null;
  queue: SyncQueue | undefined;
}

function statusIcon(kind: string, status: SyncStatus | null, rejected: number) {
  if (rejected) return <IconAlertTriangle size={18} />;
  if (kind === 'local') return <IconDeviceDesktop size={18} />;
  switch (status?.state) {
    case 'up_to_date':
      return <IconCloudCheck size={18} />;
    case 'pushing':
      return <IconCloudUpload size={18} />;
    case 'offline':
    case 'signed_out':
    case 'error':
      return <IconCloudOff size={18} />;
    default:
      return <IconCloud size={18} />;
  }
}

export function SyncIndicator({ kind, status, queue }: SyncIndicatorProps) {
  const rejected = queue?.counts.rejected ?? 0;
  const d = syncDisplay(kind, status, queue ? { unsynced: queue.unsynced, rejected } : null);
  const kept = queue ? queue.counts.pending + queue.counts.sent : 0;
  return (
    <Popover width={320} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <UnstyledButton aria-label={`Sync status: ${d.label}`} data-testid="sync-indicator">
          <Group gap={6} wrap="nowrap">
            <Indicator disabled={!rejected} color="red" size={8} offset={2}>
              <Text
                c={d.color === 'gray' ? 'dimmed' : d.color}
                component="span"
                style={{ display: 'flex' }}
              >
                {statusIcon(kind, status, rejected)}
              </Text>
            </Indicator>
            <Stack gap={0} visibleFrom="sm">
              <Text size="xs" fw={600} lh={1.2}>
                {d.label}
              </Text>
              {d.progress !== undefined ? (
                <Progress
                  value={d.progress * 100}
                  size="xs"
                  w={90}
                  mt={2}
                  aria-label="Initial download"
                />
              ) : (
                <Text size="xs" c="dimmed" lh={1.2}>
                  {kind === 'local'
                    ? 'Not shared'
                    : queue && queue.unsynced - rejected > 0
                      ? `${queue.unsynced - rejected} to send`
                      : rejected
                        ? 'Open Sync to fix'
                        : 'Nothing waiting'}
                </Text>
              )}
            </Stack>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{d.detail}</Text>
          {d.progress !== undefined && (
            <Progress value={d.progress * 100} size="sm" aria-label="Initial download" />
          )}
          <Group gap="xs">
            {kind === 'server' && (
              <Badge variant="light" color="gray">
                {`${plural(kept, 'change')} waiting`}
              </Badge>
            )}
            {rejected > 0 && (
              <Badge variant="filled" color="red">
                {rejected} refused
              </Badge>
            )}
          </Group>
          <Button size="xs" variant="light" onClick={() => navigate('/sync')}>
            Open the sync panel
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
