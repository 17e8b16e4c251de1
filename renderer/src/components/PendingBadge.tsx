import { Badge, Tooltip } from '@mantine/core';
import { IconCloudUpload } from '@tabler/icons-react';
import { useAppInfo } from '../hooks/useAppInfo.ts';

/** A record with a change the server has not confirmed yet (nothing to say for a local workspace). */
export function PendingBadge({ pending }: { pending?: boolean | undefined }) {
  const { account } = useAppInfo();
  if (!pending || account.kind === 'local') return null;
  return (
    <Tooltip label="Saved on this computer; not on the server yet">
      <Badge color="gray" variant="outline" leftSection={<IconCloudUpload size={12} />}>
        Not synced
      </Badge>
    </Tooltip>
  );
}
