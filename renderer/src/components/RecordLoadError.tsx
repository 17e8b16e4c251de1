/** A record page that cannot load: gone (deleted, merged, never here) or a failure to retry. */
import { Button } from '@mantine/core';
import { IconFileUnknown } from '@tabler/icons-react';
import type { ChannelError } from '../api/transport.ts';
import { navigate } from '../router/router.ts';
import { EmptyView } from './EmptyView.tsx';
import { ErrorState } from './ErrorState.tsx';

export function RecordLoadError({
  error,
  back,
  backLabel,
  onRetry,
}: {
  error: ChannelError;
  back: string;
  backLabel: string;
  onRetry: () => void;
}) {
  if (error.code === 'not_found' || error.code === 'invalid_input') {
    return (
      <EmptyView
        icon={<IconFileUnknown size={28} stroke={1.5} />}
        title="This record is not here"
        description="It may have been merged into another one, or the link is out of date. Deleted records are in the Trash."
        action={<Button onClick={() => navigate(back)}>{backLabel}</Button>}
      />
    );
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}
