/**
 * Soft delete with a confirmation, and an Undo in the notification: the
 * record goes to the Trash, from where it can be restored at any time.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { CommandName } from '../api/contract.ts';
import { invoke } from '../api/transport.ts';
import { useCommand } from '../hooks/useCommand.ts';
import { nounOf } from '../lib/tables.ts';

export interface DeleteButtonProps {
  table: 'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';
  id: string;
  label: string;
  /** What else the user should know (e.g. "its contacts stay"). */
  consequence?: string;
  onDeleted?: () => void;
}

export function DeleteButton({ table, id, label, consequence, onDeleted }: DeleteButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const del = useCommand(`${table}.delete` as 'organizations.delete', { notify: true });
  const noun = nounOf(table);

  const run = async () => {
    const r = await del.run({ id });
    setConfirming(false);
    if (!r) return;
    const note = notifications.show({
      color: 'gray',
      title: `Moved ${label} to the Trash`,
      message: (
        <Group gap="xs">
          <Text size="sm">You can restore it from the Trash.</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              notifications.hide(note);
              void invoke(`${table}.restore` as CommandName, { id }).then(() =>
                notifications.show({ color: 'teal', message: `${label} restored` }),
              );
            }}
          >
            Undo
          </Button>
        </Group>
      ),
      autoClose: 8000,
    });
    onDeleted?.();
  };

  return (
    <>
      <Button
        variant="default"
        color="red"
        leftSection={<IconTrash size={16} />}
        onClick={() => setConfirming(true)}
      >
        Delete
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete this ${noun}?`}
        size="sm"
      >
        <Stack>
          <Text size="sm">
            <b>{label}</b> goes to the Trash. Nothing is lost: you can restore it from there.
          </Text>
          {consequence && (
            <Text size="sm" c="dimmed">
              {consequence}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep it
            </Button>
            <Button color="red" onClick={() => void run()} loading={del.pending}>
              Move to Trash
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
