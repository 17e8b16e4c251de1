/**
 * Signing out of a server account when some changes have not reached the
 * server: the core refused and said how many. Nothing is dropped unless the
 * person chooses to; the other ways out keep them (stay signed in and let them
 * sync, or look at them on the Sync screen first).
 */
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { navigate } from '../../router/router.ts';

export interface SignOutModalProps {
  /** How many changes are not on the server yet; null when the modal is closed. */
  unsynced: number | null;
  pending: boolean;
  onClose: () => void;
  onDiscard: () => void;
}

export function SignOutModal({ unsynced, pending, onClose, onDiscard }: SignOutModalProps) {
  const n = unsynced ?? 0;
  const changes = `${n} change${n === 1 ? '' : 's'}`;
  return (
    <Modal opened={unsynced !== null} onClose={onClose} title="Unsynced changes" size="lg">
      <Stack gap="sm">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {changes} {n === 1 ? 'is' : 'are'} not on the server yet.
        </Alert>
        <Text size="sm">
          Signing out now drops {n === 1 ? 'it' : 'them'} from this computer. Stay signed in and{' '}
          {n === 1 ? 'it reaches' : 'they reach'} the server as soon as it can be reached, or look
          at {n === 1 ? 'it' : 'them'} first on the Sync screen.
        </Text>
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button
            variant="default"
            onClick={() => {
              onClose();
              navigate('/sync');
            }}
          >
            Show {n === 1 ? 'it' : 'them'}
          </Button>
          <Button variant="default" onClick={onClose} data-autofocus>
            Stay signed in
          </Button>
          <Button color="red" loading={pending} onClick={onDiscard}>
            Discard {changes} and sign out
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
