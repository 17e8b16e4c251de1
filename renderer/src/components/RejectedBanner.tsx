/** A record with changes the server refused: says so and leads to the sync panel to fix them. */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { OutboxEntry } from '../api/types.ts';
import { navigate } from '../router/router.ts';

export function RejectedBanner({ rejected }: { rejected: OutboxEntry[] }) {
  if (rejected.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      mb="md"
      title="The server refused a change to this record"
    >
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          {rejected.map((r) => (
            <Text key={r.mutation_id} size="sm">
              {r.rejection?.message ?? 'Refused'}
            </Text>
          ))}
          <Text size="xs" c="dimmed">
            The record shows the server&apos;s version. Retry your change (after fixing it) or
            discard it.
          </Text>
        </Stack>
        <Button size="xs" color="red" variant="light" onClick={() => navigate('/sync')}>
          Review in Sync
        </Button>
      </Group>
    </Alert>
  );
}
