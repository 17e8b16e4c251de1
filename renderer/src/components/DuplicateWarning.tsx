/** "This looks like one you already have": the candidates, why, and a way to open each instead. */
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import type { DuplicateCandidate, DuplicateReason } from '../api/types.ts';
import { navigate } from '../router/router.ts';

const REASON: Record<DuplicateReason, string> = {
  similar_name: 'similar name',
  same_email: 'same email',
  same_phone: 'same phone',
  same_domain: 'same web domain',
};

export interface DuplicateWarningProps {
  table: 'organizations' | 'contacts';
  candidates: DuplicateCandidate[];
  /** Called before opening a candidate (to close the form). */
  onOpen?: () => void;
  /** Offered on a record's page: merge this one with a candidate. */
  mergeWith?: string;
}

export function DuplicateWarning({ table, candidates, onOpen, mergeWith }: DuplicateWarningProps) {
  if (candidates.length === 0) return null;
  const noun = table === 'organizations' ? 'organization' : 'contact';
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconCopy size={18} />}
      title={`This looks like ${candidates.length === 1 ? `${noun === 'organization' ? 'an' : 'a'} ${noun}` : `${noun}s`} you already have`}
    >
      <Stack gap={6}>
        {candidates.map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap={6} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>
                {c.label}
              </Text>
              {c.reasons.map((r) => (
                <Badge key={r} size="xs" variant="outline" color="yellow">
                  {REASON[r]}
                </Badge>
              ))}
            </Group>
            <Group gap={4} wrap="nowrap">
              <Button
                size="compact-xs"
                variant="light"
                color="yellow"
                onClick={() => {
                  onOpen?.();
                  navigate(`/${table}/${c.id}`);
                }}
              >
                Open it
              </Button>
              {mergeWith && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="yellow"
                  onClick={() => navigate(`/merge/${table}/${c.id}/${mergeWith}`)}
                >
                  Merge…
                </Button>
              )}
            </Group>
          </Group>
        ))}
        {!mergeWith && (
          <Text size="xs" c="dimmed">
            If it is a different {noun}, carry on and save.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
