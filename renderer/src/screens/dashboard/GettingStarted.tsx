/**
 * First run: the three steps that turn an empty workspace into a working CRM
 * (a principal you represent, a customer you sell to, a first interaction),
 * each ticked as soon as it is done, or the way to the team's server. Shown
 * on the dashboard until every step is done or the person hides it (a choice
 * kept on this computer, like saved views).
 */
import {
  Anchor,
  Button,
  Card,
  Group,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { Organization } from '../../api/types.ts';
import { SignInModal } from '../../components/SignInModal.tsx';
import { useQuery } from '../../hooks/useQuery.ts';
import { useQuickLog } from '../../hooks/useQuickLog.ts';
import { useReadOnly } from '../../hooks/useReadOnly.ts';
import { OrganizationFormModal } from '../organizations/OrganizationFormModal.tsx';

const HIDDEN_KEY = 'pantry.getting-started.hidden';

interface Step {
  key: string;
  title: string;
  why: string;
  action: string;
  done: boolean;
  run: () => void;
}

export function GettingStarted({ principals, local }: { principals: number; local: boolean }) {
  const readOnly = useReadOnly();
  const customers = useQuery('organizations.list', { is_customer: true, limit: 1 });
  const interactions = useQuery('interactions.list', { limit: 1 });
  const quickLog = useQuickLog();
  const [creating, setCreating] = useState<Partial<Organization> | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [hidden, setHidden] = useState(() => window.localStorage.getItem(HIDDEN_KEY) === '1');

  if (!customers.data || !interactions.data || readOnly) return null;
  const steps: Step[] = [
    {
      key: 'principal',
      title: 'Add a principal you represent',
      why: 'The manufacturers whose products you sell. The dashboard follows each one.',
      action: 'Add a principal',
      done: principals > 0,
      run: () => setCreating({ is_principal: true, is_customer: false }),
    },
    {
      key: 'customer',
      title: 'Add a customer',
      why: 'A restaurant, operator or chain you sell to.',
      action: 'Add a customer',
      done: customers.data.rows.length > 0,
      run: () => setCreating({ is_customer: true }),
    },
    {
      key: 'interaction',
      title: 'Log your first interaction',
      why: 'A call, visit or email. Ctrl+L logs one from any screen.',
      action: 'Log an interaction',
      done: interactions.data.rows.length > 0,
      run: () => quickLog.open(),
    },
  ];
  if (hidden || steps.every((s) => s.done)) return null;
  const next = steps.find((s) => !s.done);

  return (
    <Card withBorder padding="lg" mb="lg" data-testid="getting-started">
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={2} size="h4">
            Get started
          </Title>
          <Text size="sm" c="dimmed">
            {local
              ? 'What you add is saved on this computer and works without a network.'
              : 'Your team’s workspace is empty so far.'}
          </Text>
        </div>
        <Anchor
          component="button"
          size="sm"
          onClick={() => {
            window.localStorage.setItem(HIDDEN_KEY, '1');
            setHidden(true);
          }}
        >
          Hide
        </Anchor>
      </Group>
      <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {steps.map((s, i) => (
          <Group component="li" key={s.key} wrap="nowrap" gap="md" justify="space-between">
            <Group wrap="nowrap" gap="sm">
              <ThemeIcon
                radius="xl"
                size="md"
                variant={s.done ? 'filled' : 'light'}
                color={s.done ? 'teal' : 'gray'}
                aria-hidden
              >
                {s.done ? <IconCheck size={16} /> : <Text size="sm">{i + 1}</Text>}
              </ThemeIcon>
              <div>
                <Text fw={600} td={s.done ? 'line-through' : undefined}>
                  {s.title}
                  {s.done && <VisuallyHidden> (done)</VisuallyHidden>}
                </Text>
                <Text size="sm" c="dimmed">
                  {s.why}
                </Text>
              </div>
            </Group>
            {!s.done && (
              <Button
                size="xs"
                variant={s === next ? 'filled' : 'light'}
                onClick={s.run}
                style={{ flexShrink: 0 }}
              >
                {s.action}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      {local && (
        <Text size="sm" mt="md">
          Working with a team?{' '}
          <Anchor component="button" onClick={() => setSigningIn(true)}>
            Sign in to your team’s server
          </Anchor>{' '}
          instead: its workspace downloads to this computer and keeps working offline.
        </Text>
      )}
      {creating && (
        <OrganizationFormModal opened onClose={() => setCreating(null)} preset={creating} />
      )}
      <SignInModal opened={signingIn} onClose={() => setSigningIn(false)} />
    </Card>
  );
}
