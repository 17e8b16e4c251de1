/**
 * What the signed-in account cannot do right now, above every screen: signed
 * out (the server no longer accepts this sign-in, e.g. an admin revoked this
 * device), or view only (a viewer: edit actions are hidden).
 */
import { Alert, Button } from '@mantine/core';
import { IconEye, IconLogin } from '@tabler/icons-react';
import { useState } from 'react';
import type { AppInfo } from '../api/types.ts';
import type { SyncStatus } from '../lib/parseSyncStatus.ts';
import { SignInModal } from './SignInModal.tsx';

export function AccountBanner({ info, status }: { info: AppInfo; status: SyncStatus | null }) {
  const [signingIn, setSigningIn] = useState(false);
  if (info.account.kind === 'server' && status?.state === 'signed_out') {
    return (
      <>
        <Alert
          color="orange"
          variant="light"
          mb="md"
          icon={<IconLogin size={18} />}
          title="Signed out of the server"
          data-testid="signed-out-banner"
        >
          {status.reason ? `${status.reason[0]!.toUpperCase()}${status.reason.slice(1)}. ` : ''}
          Nothing syncs until you sign in again; what you change meanwhile stays on this computer.
          <Button
            size="xs"
            variant="light"
            color="orange"
            ml="sm"
            onClick={() => setSigningIn(true)}
          >
            Sign in again
          </Button>
        </Alert>
        <SignInModal
          opened={signingIn}
          onClose={() => setSigningIn(false)}
          initial={{ server_url: info.account.server_url ?? '', email: info.account.email }}
        />
      </>
    );
  }
  if (info.role === 'viewer') {
    return (
      <Alert
        color="gray"
        variant="light"
        mb="md"
        icon={<IconEye size={18} />}
        title="View only"
        data-testid="view-only-banner"
      >
        You are a viewer in {info.account.workspace_name}: you can look at everything, but not
        change it. Ask an admin for a different role.
      </Alert>
    );
  }
  return null;
}
