/**
 * Workspace members: add someone, change a role, remove a member (their
 * devices stop syncing at once). Only owners touch owners; the server checks
 * it again, and its reason is shown if it refuses.
 */
import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { adminClient, type AdminMember } from '../../api/admin.ts';
import { friendlyMessage, toChannelError } from '../../api/errors.ts';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { formatDate } from '../../lib/format.ts';
import { MEMBER_ROLES, type MemberRole } from '../../../../sync/schema/index.ts';
import { AddMemberModal } from './AddMemberModal.tsx';
import { AdminLoadState } from './AdminLoadState.tsx';
import { mayManage, ROLE_COLOR, ROLE_LABEL } from './roles.ts';

export function MembersPanel() {
  const info = useAppInfo();
  const [includeRemoved, setIncludeRemoved] = useState(false);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<AdminMember | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(
    () => adminClient.members({ include_removed: includeRemoved }),
    [includeRemoved],
  );
  const { data, error, loading, reload } = useAdminData(load);

  /** One change to one member; the list is reloaded either way so it shows the server's truth. */
  const act = async (m: AdminMember, run: () => Promise<AdminMember>, done: string) => {
    setBusy(m.user_id);
    try {
      await run();
      notifications.show({ color: 'teal', message: done });
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Not changed',
        message: friendlyMessage(toChannelError(err)),
      });
    } finally {
      setBusy(null);
      reload();
    }
  };

  const roleOptions = MEMBER_ROLES.filter((r) => info.role === 'owner' || r !== 'owner').map(
    (r) => ({
      value: r,
      label: ROLE_LABEL[r],
    }),
  );

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Switch
          label="Show removed members"
          checked={includeRemoved}
          onChange={(e) => setIncludeRemoved(e.currentTarget.checked)}
        />
        <Button onClick={() => setAdding(true)} disabled={Boolean(error)}>
          Add member
        </Button>
      </Group>
      <AdminLoadState loading={loading && !data} error={error} onRetry={reload} />
      {data && !error && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Member since</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((m) => {
                const me = m.email === info.account.email;
                const editable = !m.removed_at && !me && mayManage(info.role, m.role);
                return (
                  <Table.Tr
                    key={m.member_id}
                    opacity={m.removed_at ? 0.6 : 1}
                    data-testid="member-row"
                  >
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {m.display_name}
                        {me && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            (you)
                          </Text>
                        )}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {m.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {editable ? (
                        <Select
                          size="xs"
                          w={130}
                          aria-label={`Role of ${m.display_name}`}
                          allowDeselect={false}
                          disabled={busy === m.user_id}
                          value={m.role}
                          data={roleOptions}
                          onChange={(v) => {
                            if (!v || v === m.role) return;
                            void act(
                              m,
                              () => adminClient.setRole(m.user_id, v as MemberRole),
                              `${m.display_name} is now ${ROLE_LABEL[v as MemberRole].toLowerCase()}.`,
                            );
                          }}
                        />
                      ) : (
                        <Badge color={ROLE_COLOR[m.role]} variant="light">
                          {ROLE_LABEL[m.role]}
                        </Badge>
                      )}
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
                    <Table.Td>
                      {editable && (
                        <Group justify="flex-end">
                          <Button
                            size="xs"
                            color="red"
                            variant="subtle"
                            aria-label={`Remove ${m.display_name}`}
                            onClick={() => setRemoving(m)}
                          >
                            Remove
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddMemberModal
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={reload}
        canGrantOwner={info.role === 'owner'}
      />
      <Modal
        opened={Boolean(removing)}
        onClose={() => setRemoving(null)}
        title="Remove this member?"
        size="sm"
      >
        <Stack>
          <Text size="sm">
            {removing?.display_name} loses access to this workspace at once: their devices stop
            syncing. Adding them again later restores their access.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)} data-autofocus>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() => {
                const m = removing!;
                setRemoving(null);
                void act(
                  m,
                  () => adminClient.removeMember(m.user_id),
                  `${m.display_name} was removed.`,
                );
              }}
            >
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
