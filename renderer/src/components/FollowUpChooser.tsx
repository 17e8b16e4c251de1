/** When to follow up, in one or two keystrokes: none, tomorrow, in 3 days, next Monday, or a date. */
import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatDate, localDate, nextMonday } from '../lib/format.ts';

export interface FollowUpChooserProps {
  value: string | null;
  onChange: (date: string | null) => void;
  error?: string | undefined;
}

type Choice = 'none' | 'tomorrow' | '3days' | 'week' | 'date';

function dateOf(choice: Choice): string | null {
  switch (choice) {
    case 'tomorrow':
      return localDate(1);
    case '3days':
      return localDate(3);
    case 'week':
      return nextMonday();
    default:
      return null;
  }
}

export function FollowUpChooser({ value, onChange, error }: FollowUpChooserProps) {
  const [choice, setChoice] = useState<Choice>(value ? 'date' : 'none');
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="follow-up-label">
        Follow up
      </Text>
      <SegmentedControl
        aria-labelledby="follow-up-label"
        fullWidth
        size="xs"
        value={choice}
        onChange={(c) => {
          const next = c as Choice;
          setChoice(next);
          onChange(next === 'date' ? (value ?? localDate(7)) : dateOf(next));
        }}
        data={[
          { value: 'none', label: 'No follow-up' },
          { value: 'tomorrow', label: 'Tomorrow' },
          { value: '3days', label: 'In 3 days' },
          { value: 'week', label: 'Next Monday' },
          { value: 'date', label: 'Pick a date' },
        ]}
      />
      {choice === 'date' ? (
        <TextInput
          type="date"
          aria-label="Follow-up date"
          value={value ?? ''}
          min={localDate(0)}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          error={error}
        />
      ) : (
        <Group gap={4}>
          <Text size="xs" c={error ? 'red' : 'dimmed'}>
            {error ?? (value ? `Due ${formatDate(value)}` : 'Nothing to remind you of')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
