/**
 * Admin (owners and admins of a server workspace): members and roles, devices
 * (revoke, force resync), changes refused across the team, sync health. A
 * local workspace has no server to manage, and says so.
 */
import { Button, Group, Tabs } from '@mantine/core';
import { useState } from 'react';
import {
  IconActivityHeartbeat,
  IconAlertTriangle,
  IconDevices,
  IconServer,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react';
import { EmptyView } from '../../components/EmptyView.tsx';
import { SignInModal } from '../../components/SignInModal.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAppInfo } from '../../hooks/useAppInfo.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { canAdminister } from '../../lib/navigation.ts';
import { navigate } from '../../router/router.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { RejectedPanel } from './RejectedPanel.tsx';
import { SyncHealthPanel } from './SyncHealthPanel.tsx';

export function AdminScreen() {
  const { account, role } = useAppInfo();
  const params = useListParams();
  const tab = params.get('tab') ?? 'members';
  const [signingIn, setSigningIn] = useState(false);

  if (account.kind === 'server' && !canAdminister(role)) {
    // The navigation hides Admin from these roles; this is for an old link or a typed address.
    return (
      <>
        <PageHeader title="Admin" />
        <EmptyView
          icon={<IconShieldLock size={28} stroke={1.5} />}
          title="Admin is for owners and admins"
          description={`You are ${role ? `a ${role}` : 'not yet known as a member'} in ${account.workspace_name}. Ask an owner or admin to add members, change roles or manage devices.`}
          action={<Button onClick={() => navigate('/')}>Go to the dashboard</Button>}
        />
      </>
    );
  }

  if (account.kind === 'local') {
    return (
      <>
        <PageHeader title="Admin" subtitle="Members, devices and sync for a shared workspace" />
        <EmptyView
          icon={<IconServer size={28} stroke={1.5} />}
          title="Sign in to a server to manage members and devices"
          description="This is a local workspace: it lives on this computer only, with you as its owner. Members, roles, devices and sync health belong to a workspace on your company's server."
          action={
            <Group>
              <Button onClick={() => setSigningIn(true)}>Sign in to a server</Button>
              <Button variant="default" onClick={() => navigate('/sync')}>
                See what is kept on this computer
              </Button>
            </Group>
          }
        />
        <SignInModal opened={signingIn} onClose={() => setSigningIn(false)} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Admin"
        subtitle={`${account.workspace_name} on ${account.server_url ?? 'the server'}`}
      />
      <Tabs
        value={tab}
        onChange={(t) => params.set({ tab: t === 'members' ? null : t })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            Members
          </Tabs.Tab>
          <Tabs.Tab value="devices" leftSection={<IconDevices size={16} />}>
            Devices
          </Tabs.Tab>
          <Tabs.Tab value="rejected" leftSection={<IconAlertTriangle size={16} />}>
            Refused changes
          </Tabs.Tab>
          <Tabs.Tab value="health" leftSection={<IconActivityHeartbeat size={16} />}>
            Sync health
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members">
          <MembersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="devices">
          <DevicesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rejected">
          <RejectedPanel />
        </Tabs.Panel>
        <Tabs.Panel value="health">
          <SyncHealthPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
