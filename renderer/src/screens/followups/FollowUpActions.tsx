/**
 * What one can do with an open follow-up: Done (with Undo in the toast that
 * confirms it), Snooze (tomorrow, next week, or a picked date and time), and
 * Reassign to another member. Each is one command; failures are notified.
 */
import { Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClockPause, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import type { FollowUp } from '../../api/types.ts';
import { invoke } from '../../api/transport.ts';
import { useCommand } from '../../hooks/useCommand.ts';
import { useQuery } from '../../hooks/useQuery.ts';

function whoOf(f: FollowUp): string {
  return f.contact_name ?? f.organization_name ?? f.opportunity_name ?? 'them';
}

export function FollowUpActions({ followUp: f }: { followUp: FollowUp }) {
  const complete = useCommand('interactions.complete_follow_up', { notify: true });
  const snooze = useCommand('follow_ups.snooze', { notify: true });
  const reschedule = useCommand('follow_ups.reschedule', { notify: true });
  const reassign = useCommand('follow_ups.reassign', { notify: true });
  const members = useQuery('members.list', {});
  const [picking, setPicking] = useState(false);
  const [date, setDate] = useState(f.follow_up_date ?? '');
  const [time, setTime] = useState(f.follow_up_time ?? '');
  const who = whoOf(f);

  const markDone = async () => {
    if (!(await complete.run({ id: f.id }))) return;
    const note = notifications.show({
      color: 'teal',
      title: `Follow-up with ${who} done`,
      message: (
        <Group gap="xs">
          <Text size="sm">It left the list.</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              notifications.hide(note);
              void invoke('interactions.complete_follow_up', { id: f.id, done: false });
            }}
          >
            Undo
          </Button>
        </Group>
      ),
      autoClose: 8000,
    });
  };

  const saveDate = async () => {
    const r = await reschedule.run({ id: f.id, date, time: time || null });
    if (r) setPicking(false);
  };

  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconClockPause size={16} />} aria-label={`Snooze the follow-up with ${who}`}>
            Snooze
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void snooze.run({ id: f.id, until: 'tomorrow' })}>Tomorrow</Menu.Item>
          <Menu.Item onClick={() => void snooze.run({ id: f.id, until: 'next_week' })}>Next week</Menu.Item>
          <Menu.Item onClick={() => setPicking(true)}>Pick a date…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconUserShare size={16} />} aria-label={`Reassign the follow-up with ${who}`}>
            Reassign
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Give it to</Menu.Label>
          {(members.data ?? []).map((m) => (
            <Menu.Item
              key={m.user_id}
              disabled={m.user_id === f.follow_up_assignee_id}
              onClick={() => void reassign.run({ id: f.id, assignee_id: m.user_id })}
            >
              {m.display_name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button
        variant="light"
        leftSection={<IconCheck size={16} />}
        onClick={() => void markDone()}
        aria-label={`Mark the follow-up with ${who} done`}
      >
        Done
      </Button>
      <Modal opened={picking} onClose={() => setPicking(false)} title={`Reschedule the follow-up with ${who}`}>
        <Stack>
          <TextInput
            type="date"
            label="Date"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={reschedule.fieldErrors.date}
            required
          />
          <TextInput
            type="time"
            label="Time (optional)"
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            error={reschedule.fieldErrors.time}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPicking(false)}>
              Cancel
            </Button>
            <Button onClick={() => void saveDate()} loading={reschedule.pending}>
              Reschedule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
