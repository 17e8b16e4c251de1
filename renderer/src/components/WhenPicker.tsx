/**
 * When an interaction happened (issue 12): now (the default), earlier today at
 * a time, yesterday at a time, or any date and time. Nothing later than now is
 * offered or taken (the server refuses it too: sync/schema client-time-rules).
 * `value` is an ISO instant, or null for "now" (stamped when saved).
 */
import { SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { formatDateTime } from '../lib/format.ts';
import { defaultInput, localDateTime, localTime, whenIssue, whenToIso, type WhenChoice } from '../lib/whenChoice.ts';

export interface WhenPickerProps {
  value: string | null;
  onChange: (iso: string | null) => void;
  /** The save's own error for the field (e.g. the server's refusal). */
  error?: string | undefined;
  /** Offer "Now" (a new interaction); an edit starts at its recorded time instead. */
  allowNow?: boolean;
}

export function WhenPicker({ value, onChange, error, allowNow = true }: WhenPickerProps) {
  const [choice, setChoice] = useState<WhenChoice>(value || !allowNow ? 'pick' : 'now');
  const [input, setInput] = useState(() => (value ? localDateTime(new Date(value)) : defaultInput(choice, new Date())));
  const iso = whenToIso(choice, input, new Date());
  const issue = error ?? whenIssue(iso, new Date());

  const choose = (next: WhenChoice, nextInput: string) => {
    setChoice(next);
    setInput(nextInput);
    onChange(whenToIso(next, nextInput, new Date()));
  };

  const now = new Date();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id="when-label">
        When
      </Text>
      <SegmentedControl
        aria-labelledby="when-label"
        fullWidth
        size="xs"
        value={choice}
        onChange={(c) => choose(c as WhenChoice, defaultInput(c as WhenChoice, new Date()))}
        data={[
          ...(allowNow ? [{ value: 'now', label: 'Now' }] : []),
          { value: 'today', label: 'Earlier today' },
          { value: 'yesterday', label: 'Yesterday' },
          { value: 'pick', label: 'Pick date & time' },
        ]}
      />
      {choice === 'today' || choice === 'yesterday' ? (
        <TextInput
          type="time"
          aria-label={choice === 'today' ? 'Time today' : 'Time yesterday'}
          value={input}
          max={choice === 'today' ? localTime(now) : undefined}
          onChange={(e) => choose(choice, e.currentTarget.value)}
          error={issue}
        />
      ) : choice === 'pick' ? (
        <TextInput
          type="datetime-local"
          aria-label="Date and time"
          value={input}
          max={localDateTime(now)}
          onChange={(e) => choose('pick', e.currentTarget.value)}
          error={issue}
        />
      ) : (
        <Text size="xs" c={issue ? 'red' : 'dimmed'}>
          {issue ?? 'Logged at the time you save'}
        </Text>
      )}
      {iso && !issue ? (
        <Text size="xs" c="dimmed">
          {formatDateTime(iso)}
        </Text>
      ) : null}
    </Stack>
  );
}
