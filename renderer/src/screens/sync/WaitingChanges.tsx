/** Changes on this computer the server has not confirmed, newest first (the most recent 25 unless asked). */
import { Button, Table } from '@mantine/core';
import { useState } from 'react';
import type { QueueEntry } from '../../api/types.ts';
import { EmptyView } from '../../components/EmptyView.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { formatDateTime, formatRelative, humanize } from '../../lib/format.ts';
import { nounOf, pathOf } from '../../lib/tables.ts';

const OP: Record<string, string> = {
  insert: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  restore: 'Restored',
};
const STATUS: Record<string, string> = {
  pending: 'Waiting',
  sent: 'Sent, awaiting answer',
  applied: 'Applied, arriving',
};
const FIRST = 25;

export function WaitingChanges({ entries, local }: { entries: QueueEntry[]; local: boolean }) {
  const [all, setAll] = useState(false);
  if (entries.length === 0)
    return <EmptyView title="Nothing waiting" description="Every change is on the server." />;
  const newest = [...entries].reverse();
  const shown = all ? newest : newest.slice(0, FIRST);
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Fields</Table.Th>
              {!local && <Table.Th>State</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => {
              const path = pathOf(e.table, e.row_id);
              return (
                <Table.Tr key={e.mutation_id}>
                  <Table.Td
                    c="dimmed"
                    style={{ whiteSpace: 'nowrap' }}
                    title={formatDateTime(e.created_at)}
                  >
                    {formatRelative(e.created_at)}
                  </Table.Td>
                  <Table.Td>
                    {OP[e.op]} {nounOf(e.table)}{' '}
                    {path ? (
                      <RouterLink to={path} size="sm">
                        {e.label ?? ''}
                      </RouterLink>
                    ) : (
                      (e.label ?? '')
                    )}
                  </Table.Td>
                  <Table.Td c="dimmed">
                    {Object.keys(e.changes ?? {})
                      .slice(0, 6)
                      .map(humanize)
                      .join(', ')}
                  </Table.Td>
                  {!local && <Table.Td>{STATUS[e.status] ?? e.status}</Table.Td>}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {entries.length > FIRST && (
        <Button variant="subtle" size="xs" onClick={() => setAll((a) => !a)}>
          {all ? `Show the latest ${FIRST}` : `Show all ${entries.length}`}
        </Button>
      )}
    </>
  );
}
