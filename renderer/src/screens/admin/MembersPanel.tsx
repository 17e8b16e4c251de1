/** Workspace members with their roles and state. */
import { Badge, Group, Switch, Table, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { adminClient } from '../../api/admin.ts';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { formatDate } from '../../lib/format.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

const ROLE_COLOR: Record<string, string> = {
  owner: 'grape',
  admin: 'violet',
  manager: 'blue',
  rep: 'teal',
  viewer: 'gray',
};

export function MembersPanel() {
  const [includeRemoved, setIncludeRemoved] = useState(false);
  const load = useCallback(
    () => adminClient.members({ include_removed: includeRemoved }),
    [includeRemoved],
  );
  const { data, error, loading, reload } = useAdminData(load);
  return (
    <>
      <Group justify="flex-end" mb="sm">
        <Switch
          label="Show removed members"
          checked={includeRemoved}
          onChange={(e) => setIncludeRemoved(e.currentTarget.checked)}
        />
      </Group>
      <AdminLoadState loading={loading && !data} error={error} onRetry={reload} />
      {data && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Member since</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((m) => (
                <Table.Tr key={m.member_id} opacity={m.removed_at ? 0.6 : 1}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {m.display_name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ROLE_COLOR[m.role] ?? 'gray'} variant="light">
                      {m.role}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(m.created_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {m.removed_at ? (
                      <Badge color="gray">Removed {formatDate(m.removed_at)}</Badge>
                    ) : m.disabled_at ? (
                      <Badge color="orange">Account disabled</Badge>
                    ) : (
                      <Badge color="teal" variant="dot">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
