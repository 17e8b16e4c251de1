import { useEffect, useState } from 'react';
import { Title, Text, Container } from '@mantine/core';
import { invoke } from './api/transport.ts';

interface AppInfo {
  account: { workspace_name: string; display_name: string };
}

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void invoke<AppInfo>('app.info').then(setInfo);
  }, []);
  return (
    <Container py="xl">
      <Title order={1}>Pantry CRM</Title>
      <Text>{info ? `${info.account.workspace_name} — ${info.account.display_name}` : 'Loading…'}</Text>
    </Container>
  );
}
