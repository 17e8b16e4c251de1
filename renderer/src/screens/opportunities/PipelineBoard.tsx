/**
 * The pipeline: one column per stage. Drag a card to move its stage
 * (opportunities.move_stage), or use the keyboard (see OpportunityCard). The
 * card shows in its new column at once, and an Undo puts it back.
 */
import { Box, Button, Group, Text } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../../sync/schema/index.ts';
import type { OpportunityFilters } from '../../api/contract.ts';
import { friendlyMessage, toChannelError } from '../../api/errors.ts';
import { invoke } from '../../api/transport.ts';
import type { Opportunity } from '../../api/types.ts';
import { useCloseReasonPrompt } from '../../hooks/useCloseReasonPrompt.tsx';
import { useFillHeight } from '../../hooks/useFillHeight.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { columnCoordinates } from '../../lib/pipelineKeyboard.ts';
import { DraggedCard } from './DraggedCard.tsx';
import { PipelineColumn } from './PipelineColumn.tsx';

type Overrides = Record<string, { stage: OpportunityStage; row: Opportunity }>;

export function PipelineBoard({
  filters,
  showClosed,
}: {
  filters: OpportunityFilters & { q?: string };
  showClosed: boolean;
}) {
  const pipeline = useQuery('dashboard.pipeline', {
    ...(filters.principal_id ? { principal_id: filters.principal_id } : {}),
    ...(filters.scope ? { scope: filters.scope } : {}),
  });
  const [overrides, setOverrides] = useState<Overrides>({});
  const [dragged, setDragged] = useState<Opportunity | null>(null);
  const board = useFillHeight<HTMLDivElement>();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const closeReason = useCloseReasonPrompt();
  const ask = closeReason.ask;
  const move = useCallback(async (o: Opportunity, stage: OpportunityStage, undoable = true) => {
    if (o.stage === stage) return;
    // Stalled or No Fit: why, first; cancelled, the card stays where it was.
    const why = await ask(stage, o.name);
    if (!why) return;
    setOverrides((m) => ({ ...m, [o.id]: { stage, row: o } }));
    try {
      await invoke('opportunities.move_stage', { id: o.id, stage, ...why });
      const note = notifications.show({
        color: 'teal',
        message: (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm">
              {o.name} → <b>{stage}</b>
            </Text>
            {undoable && (
              <Button
                size="compact-xs"
                variant="light"
                style={{ flexShrink: 0 }}
                onClick={() => {
                  notifications.hide(note);
                  void move({ ...o, stage }, o.stage, false);
                }}
              >
                Undo
              </Button>
            )}
          </Group>
        ),
      });
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not move it',
        message: friendlyMessage(toChannelError(err)),
      });
    } finally {
      // The columns have re-read by now (the change event follows the commit); keep the override briefly to avoid a flicker.
      setTimeout(
        () =>
          setOverrides((m) => {
            const { [o.id]: _done, ...rest } = m;
            return rest;
          }),
        400,
      );
    }
  }, [ask]);

  const stages = OPPORTUNITY_STAGES.filter((s) => showClosed || !s.startsWith('Closed'));
  const step = (o: Opportunity, dir: -1 | 1) => {
    const current = overrides[o.id]?.stage ?? o.stage;
    const next = OPPORTUNITY_STAGES[OPPORTUNITY_STAGES.indexOf(current) + dir];
    if (next) void move({ ...o, stage: current }, next);
  };
  const onDragStart = (e: DragStartEvent) =>
    setDragged((e.active.data.current?.opportunity as Opportunity | undefined) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragged(null);
    const o = e.active.data.current?.opportunity as Opportunity | undefined;
    const stage = e.over?.id as OpportunityStage | undefined;
    if (o && stage) void move({ ...o, stage: overrides[o.id]?.stage ?? o.stage }, stage);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            'Press [ or ] to move this opportunity one stage. Or press Space to pick it up, Left and Right to choose a stage, Space to drop, Escape to cancel. Enter opens it.',
        },
        announcements: {
          onDragStart: ({ active }) =>
            `Picked up ${(active.data.current?.opportunity as Opportunity | undefined)?.name ?? 'the opportunity'}.`,
          onDragOver: ({ over }) => (over ? `Over ${String(over.id)}.` : 'Not over a stage.'),
          onDragEnd: ({ over }) =>
            over ? `Moved to ${String(over.id)}.` : 'Dropped; nothing changed.',
          onDragCancel: () => 'Move cancelled.',
        },
      }}
    >
      <Box
        ref={board.ref}
        data-testid="pipeline-board"
        style={{
          overflowX: 'auto',
          overflowY: 'hidden',
          ...(board.height ? { height: board.height } : {}),
        }}
        pb="xs"
      >
        <Group align="stretch" wrap="nowrap" gap="sm" h="100%">
          {stages.map((s) => (
            <PipelineColumn
              key={s}
              stage={s}
              total={pipeline.data?.find((p) => p.stage === s)?.opportunities_count}
              filters={filters}
              overrides={overrides}
              onStep={step}
            />
          ))}
        </Group>
      </Box>
      {/* The card under the pointer while dragging; the original stays dimmed in its column. */}
      <DragOverlay dropAnimation={null}>
        {dragged && (
          <DraggedCard
            opportunity={{ ...dragged, stage: overrides[dragged.id]?.stage ?? dragged.stage }}
          />
        )}
      </DragOverlay>
      {closeReason.dialog}
    </DndContext>
  );
}
