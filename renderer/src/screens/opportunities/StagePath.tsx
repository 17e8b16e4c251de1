/** The stages in order with the current one marked; click (or Enter on) a stage to move there. */
import { Button, Group, Tooltip } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../../sync/schema/index.ts';
import { STAGE_COLOR } from '../../theme.ts';

export interface StagePathProps {
  stage: OpportunityStage;
  onMove: (stage: OpportunityStage) => void;
  disabled?: boolean;
  pending?: boolean;
}

export function StagePath({ stage, onMove, disabled, pending }: StagePathProps) {
  const current = OPPORTUNITY_STAGES.indexOf(stage);
  return (
    <Group gap={4} wrap="wrap" role="group" aria-label="Stage">
      {OPPORTUNITY_STAGES.map((s, i) => {
        const here = s === stage;
        const closed = s.startsWith('Closed');
        return (
          <Tooltip key={s} label={here ? 'Current stage' : `Move to ${s}`}>
            <Button
              size="compact-sm"
              radius="xl"
              variant={here ? 'filled' : i < current && !closed ? 'light' : 'default'}
              color={here ? STAGE_COLOR[s] : i < current && !closed ? 'teal' : 'gray'}
              leftSection={i < current && !closed ? <IconCheck size={12} /> : undefined}
              aria-pressed={here}
              disabled={disabled || (pending && !here)}
              onClick={() => !here && onMove(s)}
            >
              {s}
            </Button>
          </Tooltip>
        );
      })}
    </Group>
  );
}
