/** A create/edit form in a modal: Mod+Enter saves, Esc closes, failures not about a field show above the buttons. */
import { Button, Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { ChannelError } from '../api/transport.ts';
import { MOD_KEY } from '../lib/platform.ts';
import { CommandErrorAlert } from './CommandErrorAlert.tsx';

export interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  pending: boolean;
  /** Shown when it is not about a field of the form. */
  error: ChannelError | null;
  submitLabel?: string;
  size?: string;
  children: ReactNode;
}

export function FormModal({
  opened,
  onClose,
  title,
  onSubmit,
  pending,
  error,
  submitLabel = 'Save',
  size = 'lg',
  children,
}: FormModalProps) {
  const general =
    error && !(error.code === 'invalid_input' && error.issues?.some((i) => i.path !== '(input)'))
      ? error
      : null;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        onKeyDown={getHotkeyHandler([['mod+Enter', onSubmit]])}
      >
        <Stack gap="sm">
          {children}
          <CommandErrorAlert error={general} />
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">
              <Kbd size="xs">{MOD_KEY}</Kbd> + <Kbd size="xs">Enter</Kbd> saves
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                {submitLabel}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
