import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { friendlyMessage, friendlyTitle } from '../api/errors.ts';
import type { ChannelError } from '../api/transport.ts';

/** A failed load: what happened in a rep's words, the core's detail in small print, and a retry. */
export function ErrorState({ error, onRetry }: { error: ChannelError; onRetry?: () => void }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={friendlyTitle(error.code)}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{friendlyMessage(error)}</Text>
        {error.code !== 'invalid_state' && error.code !== 'invalid_input' && error.message && (
          <Text size="xs" c="dimmed">
            Details: {error.message}
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
