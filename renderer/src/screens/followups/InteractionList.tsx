/** Every interaction, newest first, with type and follow-up filters and search in notes. */
import { Group, Select } from '@mantine/core';
import { INTERACTION_TYPES } from '../../../../sync/schema/index.ts';
import type { Interaction } from '../../api/types.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { InteractionTimeline } from '../../components/InteractionTimeline.tsx';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { ScopeSwitch } from '../../components/ScopeSwitch.tsx';
import { useScope } from '../../hooks/useScope.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';

export function InteractionList() {
  const params = useListParams();
  const { scope } = useScope('interactions');
  const q = params.get('q') ?? '';
  const type = params.get('type') as Interaction['interaction_type'] | null;
  const followUp = params.get('fu') as 'open' | 'done' | 'none' | null;
  const list = usePagedQuery('interactions.list', {
    limit: 50,
    ...(q ? { q } : {}),
    ...(type ? { interaction_type: type } : {}),
    ...(followUp ? { follow_up: followUp } : {}),
    scope,
  });
  return (
    <>
      <ListToolbar params={params} listKey="interactions" placeholder="Search notes…  ( / )">
        <Select
          aria-label="Type"
          placeholder="Any type"
          data={[...INTERACTION_TYPES]}
          value={type}
          onChange={(v) => params.set({ type: v })}
          clearable
          w={170}
        />
        <Select
          aria-label="Follow-up"
          placeholder="Any follow-up"
          data={[
            { value: 'open', label: 'Follow-up open' },
            { value: 'done', label: 'Follow-up done' },
            { value: 'none', label: 'No follow-up' },
          ]}
          value={followUp}
          onChange={(v) => params.set({ fu: v })}
          clearable
          w={180}
        />
        <ScopeSwitch screen="interactions" mineLabel="interactions you logged" />
      </ListToolbar>
      {list.loading ? (
        <LoadingState />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.refetch} />
      ) : list.rows.length === 0 ? (
        <EmptyView
          title={q || type || followUp ? 'No interactions match' : 'No interactions yet'}
          description="Press Ctrl/Cmd + L anywhere to log one."
        />
      ) : (
        <Group align="stretch">
          <div style={{ flex: 1, maxWidth: 860 }}>
            <InteractionTimeline items={list.rows} />
          </div>
        </Group>
      )}
      {!list.loading && (
        <LoadMore
          shown={list.rows.length}
          hasMore={list.hasMore}
          fetching={list.fetching}
          onMore={list.loadMore}
          noun="interactions"
        />
      )}
    </>
  );
}
