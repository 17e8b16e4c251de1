/** One stage of the board: its opportunities (newest moves first), a drop target. */
import { Badge, Box, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import type { OpportunityStage } from '../../../../sync/schema/index.ts';
import type { OpportunityFilters } from '../../api/contract.ts';
import type { Opportunity } from '../../api/types.ts';
import { usePagedQuery } from '../../hooks/usePagedQuery.ts';
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
      w={256}
      className="pipeline-column"
      data-over={isOver || undefined}
      bg="var(--mantine-color-default-hover)"
      style={{ flexShrink: 0, display: 'flex', flexDirection: 'column', maxHeight: '100%' }}
      aria-label={`${stage}: ${count} opportunities`}
      role="region"
    >
      <Group justify="space-between" mb="xs" px={4} wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
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
          <Text size="sm" fw={600} truncate>
            {stage}
          </Text>
        </Group>
        <Badge size="sm" variant="light" color="gray">
          {count}
        </Badge>
      </Group>
      {/* A plain scrolling box: cards keep the column's width (long names wrap or truncate inside it). */}
      <Box style={{ overflowY: 'auto', overflowX: 'hidden', maxHeight: 'calc(100vh - 290px)' }}>
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
