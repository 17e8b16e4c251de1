import { Button } from '@mantine/core';
import { EmptyView } from '../components/EmptyView.tsx';
import { navigate } from '../router/router.ts';

export function NotFoundScreen() {
  return (
    <EmptyView
      title="Nothing at this address"
      description="The link may be out of date. Use the sections on the left, or search with Ctrl/Cmd + K."
      action={<Button onClick={() => navigate('/')}>Go to the dashboard</Button>}
    />
  );
}
