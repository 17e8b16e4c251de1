/**
 * Starts the UI: asks the core who is signed in (app.info: account, role) and
 * which tables each query reads, then shows the shell and the screen of the
 * current route. Asks again when the memberships change (the role may have).
 */
import { Center, Container } from '@mantine/core';
import { useEffect, useState } from 'react';
import { toChannelError } from './api/errors.ts';
import { setQueryTables } from './api/live.ts';
import { bridge, invoke, type ChannelError } from './api/transport.ts';
import type { AppInfo } from './api/types.ts';
import { AppFrame } from './components/AppFrame.tsx';
import { ErrorState } from './components/ErrorState.tsx';
import { LoadingState } from './components/LoadingState.tsx';
import { AppInfoContext } from './lib/appInfoContext.ts';
import { Routes } from './screens/Routes.tsx';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<ChannelError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    invoke('app.info').then(
      (i) => {
        setQueryTables(i.query_tables);
        setInfo(i);
        document.title = `Pantry CRM — ${i.account.workspace_name}`;
      },
      (err: unknown) => setError(toChannelError(err)),
    );
  }, [attempt]);

  // The role arrives with the first sync and changes when an admin changes it: ask again then.
  useEffect(
    () =>
      bridge.onEvent((event) => {
        if (
          event.type === 'changed' &&
          event.tables.some((t) => t === 'workspace_members' || t === '*')
        )
          setAttempt((a) => a + 1);
      }),
    [],
  );

  if (!info) {
    return (
      <Container size="sm" py="xl">
        {error ? (
          <ErrorState
            error={error}
            onRetry={() => {
              setError(null);
              setAttempt((a) => a + 1);
            }}
          />
        ) : (
          <Center>
            <LoadingState label="Opening your workspace…" />
          </Center>
        )}
      </Container>
    );
  }
  return (
    <AppInfoContext.Provider value={info}>
      <AppFrame info={info}>
        <Routes />
      </AppFrame>
    </AppInfoContext.Provider>
  );
}
