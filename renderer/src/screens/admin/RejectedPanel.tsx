/**
 * Changes the server refused, across the team, newest first, with who sent
 * them from which device; a page at a time ("Show more", the server's `next`:
 * a bad import can leave thousands).
 */
import { Badge, Code, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { adminClient, type AdminRejectedMutation, type RejectedPage } from '../../api/admin.ts';
import { toChannelError } from '../../api/errors.ts';
import type { ChannelError } from '../../api/transport.ts';
import { CommandErrorAlert } from '../../components/CommandErrorAlert.tsx';
import { EmptyView } from '../../components/EmptyView.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { useAdminData } from '../../hooks/useAdminData.ts';
import { formatDateTime, formatRelative, humanize } from '../../lib/format.ts';
import { nounOf } from '../../lib/tables.ts';
import { AdminLoadState } from './AdminLoadState.tsx';

const PAGE = 200;

export function RejectedPanel() {
  const load = useCallback(async () => {
    const [page, members, devices] = await Promise.all([
      adminClient.rejected({ limit: PAGE }),
      adminClient.members({ include_removed: true }),
      adminClient.devices(),
    ]);
    const who = new Map(members.map((m) => [m.user_id, m.display_name]));
    const device = new Map(devices.map((d) => [d.id, d.name ?? 'unnamed device']));
    const named = (rows: AdminRejectedMutation[]) =>
      rows.map((r) => ({
        ...r,
        who: (r.user_id && who.get(r.user_id)) ?? 'someone no longer listed',
        device: device.get(r.device_id) ?? 'an unknown device',
      }));
    return { first: named(page.rejected), next: page.next ?? null, named };
  }, []);
  const { data: loaded, error, loading, reload } = useAdminData(load);
  const more = useMorePages(loaded?.next ?? null);
  const data = loaded ? [...loaded.first, ...loaded.named(more.rows)] : undefined;
  return (
    <>
      <AdminLoadState loading={loading && !loaded} error={error} onRetry={reload} />
      {data && data.length === 0 && (
        <EmptyView
          title="No refused changes"
          description="Every change the team sent was accepted."
        />
      )}
      {data && data.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>What was sent</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((r) => (
                <Table.Tr key={r.mutation_id} data-testid="refused-row">
                  <Table.Td title={formatDateTime(r.received_at)}>
                    <Text size="sm">{formatRelative(r.received_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.who}</Text>
                    <Text size="xs" c="dimmed">
                      {r.device}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {r.op} {nounOf(r.table_name)}
                    </Text>
                    <Code fz="xs">{r.row_id.slice(-12)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="red" variant="light" size="sm">
                      {r.code}
                    </Badge>
                    <Text size="xs">{r.message}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {Object.entries(r.changes ?? {})
                        .map(
                          ([k, v]) =>
                            `${humanize(k)}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
                        )
                        .join(', ') || '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {more.error && <CommandErrorAlert error={more.error} />}
      {data && data.length > 0 && (
        <LoadMore shown={data.length} hasMore={more.next !== null} fetching={more.fetching} onMore={more.fetchMore} noun="refused changes" />
      )}
    </>
  );
}

/** The pages after the first, fetched on demand from the first page's `next`; dropped when the first page reloads. */
function useMorePages(firstNext: RejectedPage['next']) {
  const [rows, setRows] = useState<AdminRejectedMutation[]>([]);
  const [next, setNext] = useState<RejectedPage['next']>(null);
  const [fetching, setFetching] = useState(false);
  const [error, setError] = useState<ChannelError | null>(null);
  useEffect(() => {
    setRows([]);
    setNext(firstNext ?? null);
    setError(null);
  }, [firstNext]);
  const fetchMore = () => {
    if (!next || fetching) return;
    setFetching(true);
    adminClient.rejected({ ...next, limit: PAGE }).then(
      (page) => {
        setRows((r) => [...r, ...page.rejected]);
        setNext(page.next ?? null);
        setError(null);
        setFetching(false);
      },
      (err: unknown) => {
        setError(toChannelError(err));
        setFetching(false);
      },
    );
  };
  return { rows, next, fetching, error, fetchMore };
}
