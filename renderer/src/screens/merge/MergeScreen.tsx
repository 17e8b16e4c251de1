/**
 * Merge two organizations or two contacts: both side by side, which one
 * survives, the values it will end with, and what moves over. The other one
 * goes to the Trash (restorable); every link and the history are kept.
 */
import { Alert, Button, Card, Group, Radio, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsLeftRight, IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import type { RecordDetail } from '../../api/types.ts';
import { CommandErrorAlert } from '../../components/CommandErrorAlert.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LoadingState } from '../../components/LoadingState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useCommand } from '../../hooks/useCommand.ts';
import { useQuery } from '../../hooks/useQuery.ts';
import { displayValue, humanize, plural } from '../../lib/format.ts';
import {
  MERGE_FIELDS,
  labelOf,
  mergedValue,
  movingCounts,
  type MergeTable,
} from '../../lib/merge.ts';
import { navigate } from '../../router/router.ts';

export function MergeScreen({ table, a, b }: { table: MergeTable; a: string; b: string }) {
  const first = useQuery('records.detail', { table, id: a, timeline_limit: 500, audit_limit: 0 });
  const second = useQuery('records.detail', { table, id: b, timeline_limit: 500, audit_limit: 0 });
  const [winnerId, setWinnerId] = useState(a);
  const merge = useCommand(`${table}.merge` as 'organizations.merge');
  const noun = table === 'organizations' ? 'organization' : 'contact';

  if (first.loading || second.loading) return <LoadingState />;
  const err = first.error ?? second.error;
  if (err || !first.data || !second.data)
    return <ErrorState error={err ?? { code: 'not_found', message: '' }} />;

  const winner = (winnerId === a ? first.data : second.data) as RecordDetail;
  const loser = (winnerId === a ? second.data : first.data) as RecordDetail;
  const w = winner.record as unknown as Record<string, unknown>;
  const l = loser.record as unknown as Record<string, unknown>;
  const moving = movingCounts(table, loser);
  const deleted = w.deleted_at || l.deleted_at;
  const fields = MERGE_FIELDS[table].filter((f) => f !== 'organization_id');

  const run = async () => {
    const r = await merge.run({ winner_id: winner.record.id, loser_id: loser.record.id });
    if (!r) return;
    const moved = Object.entries(r.moved)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => plural(n, t.replace(/ies$/, 'y').replace(/s$/, ''), t));
    notifications.show({
      color: 'teal',
      title: 'Merged',
      message: moved.length ? `Moved ${moved.join(', ')}.` : 'Nothing needed moving.',
    });
    navigate(`/${table}/${r.winner_id}`);
  };

  const column = (d: RecordDetail) => {
    const rec = d.record as unknown as Record<string, unknown>;
    return (
      <Radio
        value={d.record.id}
        label={
          <Stack gap={0}>
            <Text fw={600}>{labelOf(table, rec)}</Text>
            <Text size="xs" c="dimmed">
              {d.record.id === winnerId ? 'Survives' : 'Goes to the Trash'}
            </Text>
          </Stack>
        }
      />
    );
  };

  return (
    <>
      <PageHeader
        crumbs={[[table === 'organizations' ? 'Organizations' : 'Contacts', `/${table}`]]}
        title={`Merge two ${noun}s`}
        subtitle="Choose which one survives. It keeps its values, takes the other's where it has none, and everything linked to the other moves to it."
      />
      {deleted && (
        <Alert color="orange" mb="md">
          One of them is in the Trash. Restore it before merging.
        </Alert>
      )}
      <Card withBorder padding="md" radius="md" mb="md">
        <Radio.Group value={winnerId} onChange={setWinnerId} label="Which one survives?">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" mt="sm" withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={150}>Field</Table.Th>
                  <Table.Th w="28%">{column(first.data as RecordDetail)}</Table.Th>
                  <Table.Th w="28%">{column(second.data as RecordDetail)}</Table.Th>
                  <Table.Th w="28%">
                    <Group gap={6}>
                      <IconGitMerge size={16} />
                      After the merge
                    </Group>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f) => {
                  const m = mergedValue(table, f, w, l);
                  const va = (first.data!.record as unknown as Record<string, unknown>)[f];
                  const vb = (second.data!.record as unknown as Record<string, unknown>)[f];
                  return (
                    <Table.Tr key={f}>
                      <Table.Td c="dimmed">{humanize(f)}</Table.Td>
                      <Table.Td className="pre-wrap">{displayValue(va)}</Table.Td>
                      <Table.Td className="pre-wrap">{displayValue(vb)}</Table.Td>
                      <Table.Td
                        className="pre-wrap"
                        fw={m.fromOther ? 600 : undefined}
                        c={m.fromOther ? 'teal' : undefined}
                      >
                        {displayValue(m.value)}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Radio.Group>
        <Button
          variant="subtle"
          size="xs"
          mt="xs"
          leftSection={<IconArrowsLeftRight size={14} />}
          onClick={() => setWinnerId(winnerId === a ? b : a)}
        >
          Swap
        </Button>
      </Card>
      <Card withBorder padding="md" radius="md" mb="md">
        <Text fw={600} mb={4}>
          What moves to{' '}
          <RouterLink to={`/${table}/${winner.record.id}`}>{labelOf(table, w)}</RouterLink>
        </Text>
        <Text size="sm">
          {Object.entries(moving)
            .map(([t, n]) => `${n} ${t}`)
            .join(' · ')}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          {fields.some((f) => mergedValue(table, f, w, l).fromOther)
            ? `Values in teal come from ${labelOf(table, l)}. `
            : ''}
          {labelOf(table, l)} goes to the Trash with its history; nothing is lost.
        </Text>
      </Card>
      <CommandErrorAlert error={merge.error} />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => window.history.back()}>
          Cancel
        </Button>
        <Button
          leftSection={<IconGitMerge size={16} />}
          onClick={() => void run()}
          loading={merge.pending}
          disabled={Boolean(deleted)}
        >
          Merge into {labelOf(table, w)}
        </Button>
      </Group>
    </>
  );
}
