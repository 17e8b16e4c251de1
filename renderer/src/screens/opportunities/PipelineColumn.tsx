/** One stage of the board: its opportunities (newest moves first), a drop target. */
import { Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import type { OpportunityStage } from '../../../../sync/schema/index.ts';
import type { OpportunityFilters } from '../../api/contract.ts';
import type { Opportunity } from '../../api/types.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
import { plural } from '../../lib/format.ts';
import { STAGE_COLOR } from '../../theme.ts';
import { OpportunityCard } from './OpportunityCard.tsx';

export interface PipelineColumnProps {
  stage: OpportunityStage;
  total: number | undefined;
  filters: OpportunityFilters & { q?: string };
  /** Cards moved here or away and not yet re-read: id -> stage. */
  overrides: Record<string, { stage: OpportunityStage; row: Opportunity }>;
  onStep: (o: Opportunity, step: -1 | 1) => void;
}

export function PipelineColumn({ stage, total, filters, overrides, onStep }: PipelineColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  const list = usePagedQuery('opportunities.list', {
    ...filters,
    stage: [stage],
    sort: 'stage_changed_at',
    dir: 'desc',
    limit: 30,
  });
  const ids = new Set(list.rows.map((r) => r.id));
  const rows = [
    ...Object.values(overrides)
      .filter((o) => o.stage === stage && !ids.has(o.row.id))
      .map((o) => ({ ...o.row, stage })),
    ...list.rows.filter((r) => !overrides[r.id] || overrides[r.id]!.stage === stage),
  ];
  const moved = rows.length - list.rows.length;
  const count = filters.principal_id || filters.q ? list.rows.length + moved : (total ?? 0) + moved;

  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      p="xs"
      w={240}
      className="pipeline-column"
      data-over={isOver || undefined}
      bg="var(--mantine-color-default-hover)"
      // The board gives every column its height: the header stays put, the cards scroll under it.
      style={{ flexShrink: 0, display: 'flex', flexDirection: 'column', height: '100%' }}
      aria-label={`${stage}: ${count} opportunities`}
      role="region"
    >
      {/* The count under the name, in words: neither is ever cut short ("Sample/Visit Offer…", "14…"). */}
      <Stack gap={0} mb="xs" px={4}>
        <Group gap={6} wrap="nowrap">
          <span
            aria-hidden
            style={{
              width: 10,
              height: 10,
              borderRadius: 5,
              flexShrink: 0,
              background: `var(--mantine-color-${STAGE_COLOR[stage] ?? 'gray'}-filled)`,
            }}
          />
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="stage-title">
            {stage}
          </Text>
        </Group>
        <Text
          size="xs"
          c="dimmed"
          pl={16}
          style={{ whiteSpace: 'nowrap' }}
          data-testid="stage-count"
        >
          {plural(count, 'opportunity', 'opportunities')}
        </Text>
      </Stack>
      {/* A plain scrolling box: cards keep the column's width (long names wrap or truncate inside it). */}
      <Box style={{ overflowY: 'auto', overflowX: 'hidden', flex: 1, minHeight: 0 }}>
        <Stack gap={8} p={2}>
          {rows.map((o) => (
            <OpportunityCard key={o.id} opportunity={o} onStep={onStep} />
          ))}
          {!list.loading && rows.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="lg">
              Drop an opportunity here
            </Text>
          )}
          {list.hasMore && (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={list.loadMore}
              loading={list.fetching}
            >
              Show more
            </Button>
          )}
        </Stack>
      </Box>
    </Paper>
  );
}
