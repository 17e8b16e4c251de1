/** Opportunities as a pipeline board (drag or keyboard to move stages) or as a list. */
import { Button, Checkbox, Group, MultiSelect, SegmentedControl, Switch } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconLayoutKanban, IconList, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../../sync/schema/index.ts';
import type { OpportunityFilters } from '../../api/contract.ts';
import { ListToolbar } from '../../components/ListToolbar.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StillDownloadingNotice } from '../../components/StillDownloadingNotice.tsx';
import { RecordPicker } from '../../components/RecordPicker.tsx';
import { ScopeSwitch } from '../../components/ScopeSwitch.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { useScope } from '../../hooks/useScope.ts';
import { OpportunityFormModal } from './OpportunityFormModal.tsx';
import { OpportunityListView } from './OpportunityListView.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';
import { useReadOnly } from '../../hooks/useReadOnly.ts';

const SORTS = [
  { value: 'updated_at', label: 'Last changed' },
  { value: 'stage_changed_at', label: 'Stage changed' },
  { value: 'last_interaction_at', label: 'Last interaction' },
  { value: 'name', label: 'Name' },
];

export function OpportunitiesScreen() {
  const readOnly = useReadOnly();
  const params = useListParams();
  const [creating, setCreating] = useState(false);
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const q = params.get('q') ?? '';
  const principal = params.get('principal');
  const stages = (params.get('stages')?.split(',').filter(Boolean) ?? []) as OpportunityStage[];
  const openOnly = params.get('open') === 'true';
  const showClosed = params.get('closed') !== 'hide';
  const sort = params.get('sort') ?? (view === 'list' ? 'updated_at' : '');
  const dir = (params.get('dir') as 'asc' | 'desc' | null) ?? (sort === 'name' ? 'asc' : 'desc');
  useHotkeys([['n', () => !readOnly && setCreating(true)]]);
  const { scope } = useScope('opportunities');

  const filters: OpportunityFilters & { q?: string } = {
    scope,
    ...(q ? { q } : {}),
    ...(principal ? { principal_id: principal } : {}),
  };

  return (
    <>
      <PageHeader
        title="Opportunities"
        subtitle={
          view === 'board'
            ? 'Drag a card to move its stage, or focus it and press [ or ]'
            : 'Every opportunity, newest change first'
        }
        actions={
          <>
            <ScopeSwitch screen="opportunities" mineLabel="opportunities you own" />
            <SegmentedControl
              aria-label="View"
              value={view}
              onChange={(v) =>
                params.set({ view: v === 'board' ? null : v, sort: null, dir: null })
              }
              data={[
                {
                  value: 'board',
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconLayoutKanban size={16} />
                      Board
                    </Group>
                  ),
                },
                {
                  value: 'list',
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconList size={16} />
                      List
                    </Group>
                  ),
                },
              ]}
            />
            <Button
              leftSection={<IconPlus size={16} />}
              disabled={readOnly}
              onClick={() => setCreating(true)}
            >
              New opportunity
            </Button>
          </>
        }
      />
      <StillDownloadingNotice />
      <ListToolbar
        params={params}
        listKey="opportunities"
        placeholder="Search opportunities…  ( / )"
        {...(view === 'list'
          ? {
              sorts: SORTS,
              defaultSort: 'updated_at',
              defaultDir: sort === 'name' ? 'asc' : 'desc',
            }
          : {})}
      >
        <RecordPicker
          kind="organizations"
          filters={{ is_principal: true }}
          aria-label="Principal"
          placeholder="Any principal"
          value={principal}
          onChange={(id) => params.set({ principal: id })}
          w={220}
        />
        {view === 'list' ? (
          <>
            <MultiSelect
              aria-label="Stages"
              placeholder={stages.length ? undefined : 'Any stage'}
              data={[...OPPORTUNITY_STAGES]}
              value={stages}
              onChange={(s) => params.set({ stages: s.join(',') || null })}
              clearable
              w={260}
            />
            <Checkbox
              label="Open only"
              checked={openOnly}
              onChange={(e) => params.set({ open: e.currentTarget.checked ? 'true' : null })}
            />
          </>
        ) : (
          <Switch
            label="Show closed stages"
            checked={showClosed}
            onChange={(e) => params.set({ closed: e.currentTarget.checked ? null : 'hide' })}
          />
        )}
      </ListToolbar>
      {view === 'board' ? (
        <PipelineBoard filters={filters} showClosed={showClosed} />
      ) : (
        <OpportunityListView
          filters={{
            ...filters,
            ...(stages.length ? { stage: stages } : {}),
            ...(openOnly ? { open_only: true } : {}),
          }}
          sort={sort}
          dir={dir}
        />
      )}
      {creating && <OpportunityFormModal opened onClose={() => setCreating(false)} />}
    </>
  );
}
