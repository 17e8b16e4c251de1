/**
 * Names this computer as admins see it in the server's device list. The
 * default is the OS user and the machine ("elena on laptop-7"); a chosen name
 * is kept here at once and reaches the server now, or at the next start or
 * sign-in when it cannot be reached.
 */
import { Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { toChannelError } from '../../api/errors.ts';
import { invoke, type ChannelError } from '../../api/transport.ts';
import { FormModal } from '../FormModal.tsx';

export function DeviceNameModal({
  opened,
  current,
  onClose,
  onRenamed,
}: {
  opened: boolean;
  current: string;
  onClose: () => void;
  onRenamed: (name: string) => void;
}) {
  const [name, setName] = useState(current);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ChannelError | null>(null);
  useEffect(() => {
    if (opened) {
      setName(current);
      setError(null);
    }
  }, [opened, current]);
  const issue = error?.issues?.find((i) => i.path === 'name')?.message;

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const renamed = await invoke('device.rename', { name });
      onRenamed(renamed.name);
      notifications.show({
        color: 'teal',
        message: renamed.on_server
          ? `This computer is now “${renamed.name}” in your team’s device list.`
          : `Saved on this computer. Your team’s server learns “${renamed.name}” the next time you are connected.`,
      });
      onClose();
    } catch (err) {
      setError(toChannelError(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="Name this computer"
      onSubmit={() => void submit()}
      pending={pending}
      error={issue ? null : error}
      size="md"
    >
      <Text size="sm" c="dimmed">
        Admins see this name in the list of devices, so they can tell your computers apart.
      </Text>
      <TextInput
        label="Computer name"
        required
        data-autofocus
        maxLength={200}
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          setError(null);
        }}
        error={issue}
      />
    </FormModal>
  );
}
