/**
 * A change the server refused: what it was, why, and the values side by side.
 * Retry it as is (e.g. after a permission was granted), fix its fields and
 * retry, or discard it (the record keeps the server's version).
 */
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { QueueEntry } from '../../api/types.ts';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { useRecordHistory } from '../../hooks/useRecordHistory.ts';
import { conflictsOf } from '../../lib/conflict.ts';
import { formatRelative } from '../../lib/format.ts';
import { nounOf, pathOf } from '../../lib/tables.ts';
import { ConflictTable } from './ConflictTable.tsx';

const DETAIL = new Set(['organizations', 'contacts', 'products', 'opportunities', 'interactions']);
const OP: Record<string, string> = {
  insert: 'New',
  update: 'Edit of',
  delete: 'Deletion of',
  restore: 'Restore of',
};
const CODE: Record<string, string> = {
  forbidden: 'You are not allowed to make this change',
  not_found: 'The record no longer exists on the server',
  conflict: 'It conflicts with the server’s data',
  invalid: 'The server found a value it does not accept',
};

export function RejectedChangeCard({ entry }: { entry: QueueEntry }) {
  const withDetail = DETAIL.has(entry.table) && entry.op !== 'insert';
  const detail = useQuery(
    'records.detail',
    { table: entry.table as 'contacts', id: entry.row_id, timeline_limit: 0 },
    { enabled: withDetail },
  );
  // The value before the edit comes from the record's history: the server's, or offline the saved copy.
  const history = useRecordHistory(entry.table as 'contacts', entry.row_id, '', { enabled: withDetail });
  const retry = useCommand('sync.retry_rejected', { notify: true });
  const discard = useCommand('sync.discard_rejected', { notify: true });
  const [edits, setEdits] = useState<Record<string, string> | null>(null);
  const conflicts = conflictsOf(
    entry,
    detail.data?.record as Record<string, unknown> | undefined,
    history.data?.entries ?? [],
  );
  const path = pathOf(entry.table, entry.row_id);

  const startFix = () =>
    setEdits(
      Object.fromEntries(
        Object.entries(entry.changes ?? {})
          .filter(([, v]) => typeof v === 'string' || v === null)
          .map(([k, v]) => [k, (v as string | null) ?? '']),
      ),
    );

  const doRetry = async () => {
    const changes = edits ? { ...entry.changes, ...edits } : undefined;
    const r = await retry.run({ mutation_id: entry.mutation_id, ...(changes ? { changes } : {}) });
    if (r)
      notifications.show({
        color: 'teal',
        message: 'Sent again. It waits with your other changes.',
      });
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="rejected-change">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Group gap={6}>
              <Badge color="red" variant="light">
                Refused
              </Badge>
              <Text fw={600}>
                {OP[entry.op] ?? entry.op} {nounOf(entry.table)}{' '}
                {path ? (
                  <RouterLink to={path}>{entry.label ?? 'this record'}</RouterLink>
                ) : (
                  (entry.label ?? '')
                )}
              </Text>
            </Group>
            <Text size="sm">
              {CODE[entry.rejection?.code ?? ''] ?? 'The server refused it'}:{' '}
              {entry.rejection?.message ?? entry.last_error ?? 'no reason given'}
            </Text>
            <Text size="xs" c="dimmed">
              Made {formatRelative(entry.created_at)} · tried {entry.attempts} time
              {entry.attempts === 1 ? '' : 's'}
            </Text>
          </Stack>
          <Group gap="xs">
            {entry.op !== 'delete' && entry.op !== 'restore' && !edits && (
              <Button size="xs" variant="default" onClick={startFix}>
                Fix and retry…
              </Button>
            )}
            <Button
              size="xs"
              variant={edits ? 'filled' : 'light'}
              onClick={() => void doRetry()}
              loading={retry.pending}
            >
              {edits ? 'Retry with my fixes' : 'Retry'}
            </Button>
            {edits && (
              <Button size="xs" variant="default" onClick={() => setEdits(null)}>
                Cancel fix
              </Button>
            )}
            <Button
              size="xs"
              color="red"
              variant="subtle"
              onClick={() => void discard.run({ mutation_id: entry.mutation_id })}
              loading={discard.pending}
            >
              Discard
            </Button>
          </Group>
        </Group>
        {conflicts.length > 0 && (
          <ConflictTable
            conflicts={conflicts}
            showServer={withDetail && Boolean(detail.data)}
            field={entry.rejection?.field ?? null}
            errors={retry.fieldErrors}
            {...(edits
              ? { edits, onEdit: (f: string, v: string) => setEdits((e) => ({ ...e, [f]: v })) }
              : {})}
          />
        )}
      </Stack>
    </Card>
  );
}
