/** Shown on a record that is in the Trash: read-only until restored. */
import { Alert, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useCommand } from '../hooks/useCommand.ts';
import { formatRelative } from '../lib/format.ts';
import { nounOf } from '../lib/tables.ts';

export function DeletedBanner({
  table,
  id,
  deletedAt,
}: {
  table: string;
  id: string;
  deletedAt: string;
}) {
  const restore = useCommand(`${table}.restore` as 'organizations.restore', { notify: true });
  return (
    <Alert
      color="gray"
      variant="light"
      icon={<IconTrash size={18} />}
      mb="md"
      title={`This ${nounOf(table)} is in the Trash`}
    >
      <Group justify="space-between">
        <Text size="sm">Deleted {formatRelative(deletedAt)}. Restore it to change it again.</Text>
        <Button
          size="xs"
          loading={restore.pending}
          onClick={() =>
            void restore
              .run({ id })
              .then((r) => r && notifications.show({ color: 'teal', message: 'Restored' }))
          }
        >
          Restore
        </Button>
      </Group>
    </Alert>
  );
}
