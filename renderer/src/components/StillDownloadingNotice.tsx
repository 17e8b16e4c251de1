/**
 * Said on data screens while the first download runs: until every table is
 * in, counts, engagement ("Inactive, last activity never") and lists are
 * built from part of the workspace, and a person must not read them as fact.
 * Gone as soon as the first sync finishes. A status region (role="status"), so
 * a screen reader announces it without taking focus.
 */
import { Alert, Progress, Stack, Text } from '@mantine/core';
import { IconCloudDownload } from '@tabler/icons-react';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import { initialSyncText } from '../lib/syncDisplay.ts';

export function StillDownloadingNotice() {
  const status = useSyncStatus();
  if (status?.state !== 'initial_sync') return null;
  return (
    <Alert
      color="blue"
      variant="light"
      mb="md"
      role="status"
      aria-live="polite"
      icon={<IconCloudDownload size={18} />}
      title="Still downloading: numbers are incomplete until the first sync finishes"
      data-testid="still-downloading"
    >
      <Stack gap={6}>
        <Text size="sm">
          Your workspace is arriving from the server ({initialSyncText(status)}). Activity,
          engagement and totals shown here count only what has arrived so far.
        </Text>
        <Progress value={status.progress * 100} size="sm" aria-label="First download" maw={420} />
      </Stack>
    </Alert>
  );
}
