/**
 * Why a deal stalled or did not fit: one reason from a short list, and a few
 * words if the list does not say it all. Used by the close-reason dialog (board
 * and stage path) and inline by the opportunity form.
 */
import { Radio, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { CHOOSABLE_CLOSE_REASONS, type CloseReason } from '../../../sync/schema/index.ts';

export interface CloseReasonValue {
  close_reason: CloseReason | null;
  close_reason_note: string | null;
}

export interface CloseReasonFieldsProps {
  value: CloseReasonValue;
  onChange: (v: CloseReasonValue) => void;
  errors?: { close_reason?: string | undefined; close_reason_note?: string | undefined };
}

export const NOTE_MAX = 500;

export function CloseReasonFields({ value, onChange, errors }: CloseReasonFieldsProps) {
  return (
    <Stack gap="sm">
      <Radio.Group
        label="Why?"
        required
        value={value.close_reason ?? ''}
        onChange={(r) => onChange({ ...value, close_reason: r as CloseReason })}
        error={errors?.close_reason}
      >
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs" mt={6}>
          {CHOOSABLE_CLOSE_REASONS.map((r) => (
            <Radio key={r} value={r} label={r} />
          ))}
        </SimpleGrid>
      </Radio.Group>
      <Textarea
        label="Anything to add?"
        placeholder="e.g. chef left; try again after the new menu"
        autosize
        minRows={2}
        maxLength={NOTE_MAX}
        value={value.close_reason_note ?? ''}
        onChange={(e) => onChange({ ...value, close_reason_note: e.currentTarget.value || null })}
        error={errors?.close_reason_note}
      />
    </Stack>
  );
}
