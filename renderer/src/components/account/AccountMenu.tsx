/**
 * The account menu at the foot of the sections: who is signed in, where, and
 * the ways to another account (switch to a kept one, sign in to a server, sign
 * out). Sign-out keeps the core's guard: with unsynced changes it asks first.
 */
import { Avatar, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import {
  IconBuildingWarehouse,
  IconDeviceLaptop,
  IconDeviceDesktop,
  IconLogin,
  IconLogout,
  IconSelector,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { AppInfo } from '../../api/types.ts';
import { useAccountActions } from '../../hooks/useAccountActions.ts';
import { accountLabel, accountWhere } from '../../lib/accounts.ts';
import { SignInModal } from '../SignInModal.tsx';
import { DeviceNameModal } from './DeviceNameModal.tsx';
import { SignOutModal } from './SignOutModal.tsx';

const ROLE_WORDS: Record<string, string> = {
  owner: 'owner',
  admin: 'admin',
  manager: 'manager',
  rep: 'rep',
  viewer: 'viewer',
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return (
    (parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')
  ).toUpperCase();
}

export function AccountMenu({ info }: { info: AppInfo }) {
  const actions = useAccountActions();
  const [signingIn, setSigningIn] = useState(false);
  const [naming, setNaming] = useState(false);
  const [deviceName, setDeviceName] = useState(info.device_name);
  const { account } = info;
  const others = actions.accounts.filter((a) => a.id !== account.id);

  return (
    <>
      <Menu position="top-start" width={290} onOpen={actions.refresh} shadow="md">
        <Menu.Target>
          <UnstyledButton className="account-button" data-testid="account-menu">
            <Group gap="sm" wrap="nowrap">
              <Avatar size={34} radius="xl" color="teal" aria-hidden>
                {initials(account.display_name)}
              </Avatar>
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {account.display_name}
                </Text>
                <Text size="xs" c="dimmed" truncate title={accountWhere(account)}>
                  {accountWhere(account)}
                </Text>
              </Stack>
              <IconSelector size={16} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Stack gap={2} px="sm" py="xs" data-testid="current-account">
            <Text size="sm" fw={600}>
              {account.workspace_name}
            </Text>
            <Text size="xs" c="dimmed">
              {account.kind === 'local'
                ? 'On this computer only; you are its owner'
                : `${account.email}${info.role ? `, ${ROLE_WORDS[info.role]}` : ''}`}
            </Text>
            {account.kind === 'server' && account.server_url && (
              <Text size="xs" c="dimmed">
                {account.server_url}
              </Text>
            )}
          </Stack>
          {others.length > 0 && (
            <>
              <Menu.Divider />
              <Menu.Label>Switch to</Menu.Label>
              {others.map((a) => (
                <Menu.Item
                  key={a.id}
                  disabled={actions.busy}
                  leftSection={
                    a.kind === 'local' ? (
                      <IconDeviceLaptop size={16} aria-hidden />
                    ) : (
                      <IconBuildingWarehouse size={16} aria-hidden />
                    )
                  }
                  onClick={() => actions.switchTo(a.id)}
                >
                  {accountLabel(a)}
                </Menu.Item>
              ))}
            </>
          )}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconDeviceDesktop size={16} aria-hidden />}
            onClick={() => setNaming(true)}
            data-testid="device-name"
          >
            <Text size="sm" truncate>
              This computer: {deviceName}
            </Text>
          </Menu.Item>
          <Menu.Item
            leftSection={<IconLogin size={16} aria-hidden />}
            onClick={() => setSigningIn(true)}
          >
            Sign in to a server…
          </Menu.Item>
          {account.kind === 'server' && (
            <Menu.Item
              color="red"
              disabled={actions.busy}
              leftSection={<IconLogout size={16} aria-hidden />}
              onClick={() => actions.signOut('refuse')}
            >
              Sign out
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <SignInModal opened={signingIn} onClose={() => setSigningIn(false)} />
      <DeviceNameModal
        opened={naming}
        current={deviceName}
        onClose={() => setNaming(false)}
        onRenamed={setDeviceName}
      />
      <SignOutModal
        unsynced={actions.unsynced}
        pending={actions.busy}
        onClose={actions.dismissUnsynced}
        onDiscard={() => actions.signOut('discard')}
      />
    </>
  );
}
