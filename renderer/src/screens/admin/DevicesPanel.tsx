/** Every device of the workspace: who, what, last seen, sync activity; revoke or force a resync. */
import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { adminClient, type AdminDevice } from '../../api/admin.ts';
import { friendlyMessage, toChannelError } from '../../api/errors.ts';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

export function DevicesPanel() {
  const info = useAppInfo();
  const load = useCallback(() => adminClient.devices(), []);
  const { data, error, loading, reload } = useAdminData(load);
  const [confirm, setConfirm] = useState<{
    device: AdminDevice;
    action: 'revoke' | 'resync';
  } | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      if (confirm.action === 'revoke') await adminClient.revokeDevice(confirm.device.id);
      else await adminClient.resyncDevice(confirm.device.id);
      notifications.show({
        color: 'teal',
        message:
          confirm.action === 'revoke'
            ? 'Device revoked; it is signed out now.'
            : 'Resync requested; it downloads everything again at its next sync.',
      });
      reload();
    } catch (err) {
      notifications.show({ color: 'red', message: friendlyMessage(toChannelError(err)) });
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  return (
    <>
      <AdminLoadState loading={loading && !data} error={error} onRetry={reload} />
      {data && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>Changes sent</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((d) => (
                <Table.Tr key={d.id} opacity={d.revoked_at ? 0.6 : 1} data-testid="device-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {d.name ?? 'Unnamed device'}
                      {d.id === info.device_id && (
                        <Badge size="xs" variant="light" ml={6}>
                          this device
                        </Badge>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[d.platform, d.app_version && `v${d.app_version}`]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.user?.display_name ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {d.user?.email}
                    </Text>
                  </Table.Td>
                  <Table.Td title={formatDateTime(d.last_seen_at)}>
                    <Text size="sm">{formatRelative(d.last_seen_at)}</Text>
                    {d.live_shape_requests > 0 && (
                      <Badge size="xs" color="teal" variant="dot">
                        connected
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {d.mutations_applied} accepted
                      {d.mutations_rejected > 0 && (
                        <Text span c="red" size="sm">
                          {' '}
                          · {d.mutations_rejected} refused
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      last {formatRelative(d.last_mutation_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {d.revoked_at ? (
                      <Badge color="red">Revoked</Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        Active
                      </Badge>
                    )}
                    {!d.revoked_at && d.resync_requested_at && (
                      <Text size="xs" c="dimmed" title={formatDateTime(d.resync_requested_at)}>
                        resync asked {formatRelative(d.resync_requested_at)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!d.revoked_at && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Force a resync of ${d.name ?? 'this device'} (${d.user?.email ?? 'unknown user'})`}
                          onClick={() => setConfirm({ device: d, action: 'resync' })}
                        >
                          Force resync
                        </Button>
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          aria-label={`Revoke ${d.name ?? 'this device'} (${d.user?.email ?? 'unknown user'})`}
                          onClick={() => setConfirm({ device: d, action: 'revoke' })}
                        >
                          Revoke
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={Boolean(confirm)}
        onClose={() => setConfirm(null)}
        title={confirm?.action === 'revoke' ? 'Revoke this device?' : 'Force a resync?'}
        size="sm"
      >
        <Stack>
          <Text size="sm">
            {confirm?.action === 'revoke'
              ? `${confirm.device.name ?? 'The device'} is signed out at once and cannot sync again. Changes it has not sent stay on it.`
              : `${confirm?.device.name ?? 'The device'} downloads the whole workspace again at its next sync. Its unsent changes are kept.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)} data-autofocus>
              Cancel
            </Button>
            <Button
              color={confirm?.action === 'revoke' ? 'red' : undefined}
              loading={busy}
              onClick={() => void act()}
            >
              {confirm?.action === 'revoke' ? 'Revoke' : 'Force resync'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
