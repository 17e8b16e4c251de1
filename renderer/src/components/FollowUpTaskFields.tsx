/**
 * A follow-up's time of day (optional) and who is to do it (you, unless you
 * pick someone): the task half of a follow-up, beside its date in the quick
 * log and the interaction form. The core fills in "you" when left empty.
 */
import { Group, TextInput } from '@mantine/core';
import { MemberSelect } from './MemberSelect.tsx';

export interface FollowUpTask {
  time: string | null;
  assignee: string | null;
}

export const NO_TASK: FollowUpTask = { time: null, assignee: null };

/** The interaction fields a task sets (what is empty is left to the defaults). */
export function followUpTaskFields(t: FollowUpTask) {
  return {
    ...(t.time ? { follow_up_time: t.time } : {}),
    ...(t.assignee ? { follow_up_assignee_id: t.assignee } : {}),
  };
}

export function FollowUpTaskFields({
  value,
  onChange,
  errors,
  disabled,
}: {
  value: FollowUpTask;
  onChange: (next: FollowUpTask) => void;
  errors: Record<string, string | undefined>;
  disabled?: boolean;
}) {
  return (
    <Group grow align="flex-start" gap="sm">
      <TextInput
        type="time"
        label="At (optional)"
        value={value.time ?? ''}
        onChange={(e) => onChange({ ...value, time: e.currentTarget.value || null })}
        error={errors.follow_up_time}
        disabled={disabled ?? false}
      />
      <MemberSelect
        label="Assigned to"
        placeholder="You"
        value={value.assignee}
        onChange={(assignee) => onChange({ ...value, assignee })}
        error={errors.follow_up_assignee_id}
        disabled={disabled ?? false}
      />
    </Group>
  );
}
