/**
 * Who changed what and when: the server's audit trail (asked of the server when
 * the page opens), plus changes still on this computer. Offline it says, in
 * plain words, that it shows the copy saved on this computer and your own
 * recent changes, so nobody takes an old copy for the latest.
 */
import { Alert, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import type { RecordHistory } from '../api/types.ts';
import type { HistoryEntry } from '../lib/history.ts';
import { formatDateTime, formatRelative, humanize } from '../lib/format.ts';
import { EmptyView } from './EmptyView.tsx';
import { HistoryValue } from './HistoryValue.tsx';

const SOURCE: Record<HistoryEntry['source'], { label: string; color: string }> = {
  server: { label: 'On the server', color: 'teal' },
  local: { label: 'On this computer', color: 'gray' },
  rejected: { label: 'Refused by the server', color: 'red' },
  own: { label: 'Your recent change', color: 'blue' },
};

export const OFFLINE_HISTORY_NOTE =
  'Offline: showing history saved on this computer and your own recent changes';

/** What the page knows about where the server's part of the history came from. */
export interface HistorySourceInfo {
  /** undefined while the first answer is on its way. */
  history: RecordHistory | undefined;
  loading: boolean;
  /** The history could not be had at all (neither from the server nor saved). */
  error: string | null;
  /** Loads older entries (history.next_cursor says whether there are any). */
  loadOlder?: () => void;
}

function SourceNote({ info }: { info: HistorySourceInfo }) {
  if (info.loading) {
    return (
      <Group gap={8}>
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Loading the history from the server…
        </Text>
      </Group>
    );
  }
  if (info.error) {
    return (
      <Alert color="red" variant="light" p="xs">
        <Text size="sm">The history could not be loaded: {info.error}</Text>
      </Alert>
    );
  }
  const h = info.history;
  if (h?.source !== 'saved') return null;
  return (
    <Alert color="yellow" variant="light" p="xs" icon={<IconCloudOff size={16} />} title={OFFLINE_HISTORY_NOTE}>
      <Text size="xs">
        {h.saved_at
          ? `The server's history was saved ${formatRelative(h.saved_at)} (${formatDateTime(h.saved_at)}); ${h.reason ?? 'the server cannot be reached'}.`
          : `Nothing of this record's server history was saved on this computer yet; ${h.reason ?? 'the server cannot be reached'}.`}
      </Text>
    </Alert>
  );
}

export function HistoryPanel({
  entries,
  local,
  source,
}: {
  entries: HistoryEntry[];
  local: boolean;
  source?: HistorySourceInfo;
}) {
  const note = source && !local ? <SourceNote info={source} /> : null;
  // Offline, the server's entries are a copy saved earlier: their badge says so.
  const saved = source?.history?.source === 'saved';
  if (entries.length === 0) {
    return (
      <Stack gap="md">
        {note}
        {!source?.loading && (
          <EmptyView
            title="No history yet"
            description={
              local
                ? 'Changes you make are listed here.'
                : 'Who changed this record, and what, is listed here.'
            }
          />
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {note}
      {entries.map((e) => (
        <Stack key={e.key} gap={4}>
          <Group gap={8} wrap="wrap">
            <Text size="sm" fw={600}>
              {e.who ?? 'Someone'} {e.action} this
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(e.at)}>
              {formatRelative(e.at)}
            </Text>
            {!(local && e.source === 'local') && (
              <Badge size="xs" variant="light" color={SOURCE[e.source].color}>
                {e.source === 'server' && saved ? 'Saved from the server' : SOURCE[e.source].label}
              </Badge>
            )}
          </Group>
          {e.reason && (
            <Text size="xs" c="red">
              {e.reason}
            </Text>
          )}
          {e.changes.length > 0 && (
            <Table fz="xs" verticalSpacing={2} withRowBorders={false}>
              <Table.Tbody>
                {e.changes.map((c) => (
                  <Table.Tr key={c.field}>
                    <Table.Td w={140} c="dimmed" style={{ verticalAlign: 'top' }}>
                      {humanize(c.field)}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {c.old !== undefined && (
                        <>
                          <Text span size="xs" td="line-through" c="dimmed">
                            <HistoryValue field={c.field} value={c.old} />
                          </Text>
                          {' → '}
                        </>
                      )}
                      <HistoryValue field={c.field} value={c.new} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
      {source?.history?.next_cursor && source.loadOlder && (
        <Button variant="subtle" size="xs" onClick={source.loadOlder}>
          Show older changes
        </Button>
      )}
    </Stack>
  );
}
