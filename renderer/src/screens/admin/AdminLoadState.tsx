/** Loading / failure of an admin panel; a missing channel means this build cannot manage the server yet. */
import { capitalize } from '../../api/errors.ts';
import type { ChannelError } from '../../api/transport.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';

export function AdminLoadState({
  loading,
  error,
  onRetry,
}: {
  loading: boolean;
  error: ChannelError | null;
  onRetry: () => void;
}) {
  if (loading) return <LoadingState />;
  if (!error) return null;
  if (error.code === 'unknown_channel')
    return (
      <EmptyView
        title="Not available in this version"
        description="This build of the app cannot reach the server's admin functions yet."
      />
    );
  if (error.code === 'forbidden')
    return (
      <EmptyView
        title="Owners and admins only"
        description={`${capitalize(error.message)}. Ask an owner or admin of this workspace for access.`}
      />
    );
  return <ErrorState error={error} onRetry={onRetry} />;
}
