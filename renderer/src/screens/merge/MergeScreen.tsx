/**
 * Merge two organizations or two contacts: both side by side, which one
 * survives (by default the more complete, then the older), the value of each
 * field (from either side), and what moves over. The other one goes to the
 * Trash (restorable); every link and the history are kept.
 */
import { Alert, Badge, Button, Card, Group, Radio, Stack, Table, Text } from '@mantine/core';
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
  defaultSurvivor,
  isChoosable,
  labelOf,
  mergedValue,
  movingCounts,
  type MergeTable,
} from '../../lib/merge.ts';
import { navigate } from '../../router/router.ts';

type Rec = Record<string, unknown>;

/** Reference fields shown by the name the record's page carries beside the id. */
const NAMED: Record<string, { name: string; label: string }> = {
  organization_id: { name: 'organization_name', label: 'Organization' },
  account_manager_id: { name: 'account_manager_name', label: 'Account manager' },
};

/** What a cell shows: a reference by name, anything else as formatted. */
function shown(field: string, record: Rec): string {
  const named = NAMED[field];
  if (named) return record[field] ? String(record[named.name] ?? record[field]) : '—';
  return displayValue(record[field]);
}

const CELL = { overflowWrap: 'break-word', wordBreak: 'normal' } as const;

export function MergeScreen({ table, a, b }: { table: MergeTable; a: string; b: string }) {
  const first = useQuery('records.detail', { table, id: a, timeline_limit: 500 });
  const second = useQuery('records.detail', { table, id: b, timeline_limit: 500 });
  const [picked, setPicked] = useState<string | null>(null);
  // Per field, the id of the record whose value the survivor ends with (absent: the default rule).
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const merge = useCommand(`${table}.merge` as 'organizations.merge');
  const noun = table === 'organizations' ? 'organization' : 'contact';

  if (first.loading || second.loading) return <LoadingState />;
  const err = first.error ?? second.error;
  if (err || !first.data || !second.data)
    return <ErrorState error={err ?? { code: 'not_found', message: '' }} />;

  const ra = first.data.record as unknown as Rec;
  const rb = second.data.record as unknown as Rec;
  const winnerId = picked ?? (defaultSurvivor(table, ra, rb) === 'a' ? a : b);
  const winner = (winnerId === a ? first.data : second.data) as RecordDetail;
  const loser = (winnerId === a ? second.data : first.data) as RecordDetail;
  const w = winner.record as unknown as Rec;
  const l = loser.record as unknown as Rec;
  const moving = movingCounts(table, loser);
  const deleted = w.deleted_at || l.deleted_at;
  const fields = MERGE_FIELDS[table];
  const sideOf = (f: string): 'winner' | 'loser' | undefined =>
    chosen[f] === undefined ? undefined : chosen[f] === winnerId ? 'winner' : 'loser';
  const after = (f: string) => mergedValue(table, f, w, l, sideOf(f));

  const run = async () => {
    const choose: Record<string, 'winner' | 'loser'> = {};
    for (const f of fields) {
      const side = sideOf(f);
      if (side) choose[f] = side;
    }
    const r = await merge.run({ winner_id: winner.record.id, loser_id: loser.record.id, choose });
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

  const heading = (d: RecordDetail) => (
    <Stack gap={2}>
      <Text fw={600} style={CELL}>
        {labelOf(table, d.record as unknown as Rec)}
      </Text>
      <Badge size="xs" variant="light" color={d.record.id === winnerId ? 'teal' : 'gray'}>
        {d.record.id === winnerId ? 'Survives' : 'Goes to the Trash'}
      </Badge>
    </Stack>
  );

  /** One side's value; a radio to take it when the two differ and the field can be chosen. */
  const cell = (f: string, d: RecordDetail) => {
    const rec = d.record as unknown as Rec;
    const other = (d === first.data ? rb : ra)[f];
    const text = shown(f, rec);
    if (!isChoosable(table, f) || rec[f] === other) return text;
    const m = after(f);
    const byDefault = m.value === w[f] ? winnerId : m.value === l[f] ? loser.record.id : null;
    const taken = (chosen[f] ?? byDefault) === d.record.id;
    return (
      <Radio
        size="sm"
        name={`keep-${f}`}
        checked={taken}
        onChange={() => setChosen({ ...chosen, [f]: d.record.id })}
        aria-label={`Keep ${humanize(f)} from ${labelOf(table, rec)}`}
        // Let a long value (an email address) wrap inside its cell instead of running into the next.
        styles={{ body: { minWidth: 0 }, labelWrapper: { minWidth: 0 } }}
        label={<span style={CELL}>{text}</span>}
      />
    );
  };

  const since = (r: Rec) => (r.created_at ? String(r.created_at).slice(0, 10) : '');

  return (
    <>
      <PageHeader
        crumbs={[[table === 'organizations' ? 'Organizations' : 'Contacts', `/${table}`]]}
        title={`Merge two ${noun}s`}
        subtitle="Choose which one survives and, where they differ, which value to keep. Everything linked to the other moves to the survivor."
      />
      {deleted && (
        <Alert color="orange" mb="md">
          One of them is in the Trash. Restore it before merging.
        </Alert>
      )}
      <Card withBorder padding="md" radius="md" mb="md">
        <Radio.Group value={winnerId} onChange={setPicked} label="Which one survives?" mb="sm">
          <Group gap="lg" mt={6}>
            {[first.data, second.data].map((d) => (
              <Radio
                key={d.record.id}
                value={d.record.id}
                label={`${labelOf(table, d.record as unknown as Rec)} (since ${since(d.record as unknown as Rec)})`}
              />
            ))}
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconArrowsLeftRight size={14} />}
              onClick={() => setPicked(winnerId === a ? b : a)}
            >
              Swap
            </Button>
          </Group>
        </Radio.Group>
        <Table.ScrollContainer minWidth={620}>
          <Table
            verticalSpacing="xs"
            withColumnBorders
            layout="fixed"
            aria-label="Values after the merge"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={112}>Field</Table.Th>
                <Table.Th>{heading(first.data as RecordDetail)}</Table.Th>
                <Table.Th>{heading(second.data as RecordDetail)}</Table.Th>
                <Table.Th>
                  <Group gap={6} wrap="nowrap">
                    <IconGitMerge size={16} />
                    After the merge
                  </Group>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f) => {
                const m = after(f);
                return (
                  <Table.Tr key={f}>
                    <Table.Td c="dimmed">{NAMED[f]?.label ?? humanize(f)}</Table.Td>
                    <Table.Td className="pre-wrap" style={CELL}>
                      {cell(f, first.data as RecordDetail)}
                    </Table.Td>
                    <Table.Td className="pre-wrap" style={CELL}>
                      {cell(f, second.data as RecordDetail)}
                    </Table.Td>
                    <Table.Td
                      className="pre-wrap"
                      style={CELL}
                      fw={m.fromOther ? 600 : undefined}
                      c={m.fromOther ? 'teal' : undefined}
                      data-testid={`merged-${f}`}
                    >
                      {shown(f, { ...(m.fromOther ? l : w), [f]: m.value })}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
          {fields.some((f) => after(f).fromOther)
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
          Merge into{' '}
          {labelOf(table, {
            ...w,
            ...(table === 'contacts'
              ? { first_name: after('first_name').value, last_name: after('last_name').value }
              : { name: after('name').value }),
          })}
        </Button>
      </Group>
    </>
  );
}
