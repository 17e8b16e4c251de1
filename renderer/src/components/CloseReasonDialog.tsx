/**
 * Asked when a deal moves to Closed - Stalled or Closed - No Fit from the board
 * or the stage path: why, before the move is saved. Cancel leaves the deal where it was.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { OpportunityStage } from '../../../sync/schema/index.ts';
import { CloseReasonFields, type CloseReasonValue } from './CloseReasonFields.tsx';

export interface CloseReasonDialogProps {
  stage: OpportunityStage;
  dealName: string;
  onCancel: () => void;
  onConfirm: (v: CloseReasonValue & { close_reason: NonNullable<CloseReasonValue['close_reason']> }) => void;
}

export function CloseReasonDialog({ stage, dealName, onCancel, onConfirm }: CloseReasonDialogProps) {
  const [value, setValue] = useState<CloseReasonValue>({ close_reason: null, close_reason_note: null });
  const [missing, setMissing] = useState(false);
  const confirm = () => {
    if (!value.close_reason) {
      setMissing(true);
      return;
    }
    onConfirm({ close_reason: value.close_reason, close_reason_note: value.close_reason_note?.trim() || null });
  };
  return (
    <Modal opened onClose={onCancel} title={`Move to ${stage}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          Why is <b>{dealName}</b> {stage === 'Closed - Stalled' ? 'stalled' : 'not a fit'}? The dashboard counts the reasons.
        </Text>
        <CloseReasonFields
          value={value}
          onChange={(v) => {
            setValue(v);
            setMissing(false);
          }}
          errors={{ close_reason: missing ? 'Choose a reason' : undefined }}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={confirm}>Move to {stage}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
