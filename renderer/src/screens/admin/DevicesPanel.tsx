/** Every device of the workspace: who, what, last seen, sync activity; revoke (and wipe) or force a resync. */
import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { adminClient, type AdminDevice } from '../../api/admin.ts';
import { friendlyMessage, toChannelError } from '../../api/errors.ts';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

/** A state badge keeps its whole word: the table scrolls sideways before a badge reads "ACTI…". */
const WHOLE_LABEL = { label: { overflow: 'visible', textOverflow: 'clip' } } as const;

type DeviceAction = 'revoke' | 'wipe' | 'resync';

/** What each action does, in the words of its confirm dialog and its notice. */
const ACTIONS: Record<
  DeviceAction,
  {
    run: (id: string) => Promise<AdminDevice>;
    title: string;
    explain: string;
    confirm: string;
    done: string;
  }
> = {
  revoke: {
    run: (id) => adminClient.revokeDevice(id),
    title: 'Revoke this device?',
    explain: 'is signed out at once and cannot sync again. Changes it has not sent stay on it.',
    confirm: 'Revoke',
    done: 'Device revoked; it is signed out now.',
  },
  wipe: {
    run: (id) => adminClient.wipeDevice(id),
    title: 'Revoke and wipe this device?',
    explain:
      'is signed out at once, and the next time it reaches the server it deletes its copy of this workspace, changes it has not sent included. Use it for a lost or stolen computer.',
    confirm: 'Revoke and wipe',
    done: 'Device revoked; it deletes this workspace’s data the next time it connects.',
  },
  resync: {
    run: (id) => adminClient.resyncDevice(id),
    title: 'Force a resync?',
    explain: 'downloads the whole workspace again at its next sync. Its unsent changes are kept.',
    confirm: 'Force resync',
    done: 'Resync requested; it downloads everything again at its next sync.',
  },
};

export function DevicesPanel() {
  const info = useAppInfo();
  const load = useCallback(() => adminClient.devices(), []);
  const { data, error, loading, reload } = useAdminData(load);
  const [confirm, setConfirm] = useState<{
    device: AdminDevice;
    action: DeviceAction;
  } | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      await ACTIONS[confirm.action].run(confirm.device.id);
      notifications.show({ color: 'teal', message: ACTIONS[confirm.action].done });
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
                      <Badge size="xs" color="teal" variant="dot" styles={WHOLE_LABEL}>
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
                    {d.wipe_requested_at ? (
                      <Badge color="red" styles={WHOLE_LABEL}>
                        Revoked and wiped
                      </Badge>
                    ) : d.revoked_at ? (
                      <Badge color="red" styles={WHOLE_LABEL}>
                        Revoked
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light" styles={WHOLE_LABEL}>
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
                        <Button
                          size="xs"
                          color="red"
                          aria-label={`Revoke and wipe ${d.name ?? 'this device'} (${d.user?.email ?? 'unknown user'})`}
                          onClick={() => setConfirm({ device: d, action: 'wipe' })}
                        >
                          Revoke and wipe
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
        title={confirm ? ACTIONS[confirm.action].title : ''}
        size="sm"
      >
        <Stack>
          <Text size="sm">
            {confirm && `${confirm.device.name ?? 'The device'} ${ACTIONS[confirm.action].explain}`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)} data-autofocus>
              Cancel
            </Button>
            <Button
              color={confirm && confirm.action !== 'resync' ? 'red' : undefined}
              loading={busy}
              onClick={() => void act()}
            >
              {confirm ? ACTIONS[confirm.action].confirm : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
