/** When the opportunity moved between stages, from the audit trail and the moves still on this computer. */
import { Text, Timeline } from '@mantine/core';
import type { HistoryEntry } from '../../lib/history.ts';
import { delayText, stageMoves } from '../../lib/history.ts';
import { displayValue, formatDateTime, formatRelative } from '../../lib/format.ts';
import { SectionCard } from '../../components/SectionCard.tsx';

export function StageHistory({
  entries,
  createdAt,
  stage,
}: {
  entries: HistoryEntry[];
  createdAt: string;
  stage: string;
}) {
  const moves = stageMoves(entries);
  return (
    <SectionCard title="Stage history" count={moves.length}>
      {moves.length === 0 ? (
        <Text size="sm" c="dimmed">
          In {stage} since it was created {formatRelative(createdAt)}.
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} active={moves.length}>
          {moves.map((m, i) => (
            <Timeline.Item
              key={`${m.at}-${i}`}
              title={
                <Text size="sm" fw={500}>
                  {m.from !== undefined
                    ? `${displayValue(m.from)} → ${displayValue(m.to)}`
                    : `Started in ${displayValue(m.to)}`}
                </Text>
              }
            >
              <Text size="xs" c="dimmed" title={formatDateTime(m.at)}>
                {formatRelative(m.at)}
                {m.who ? ` · ${m.who}` : ''}
                {m.source === 'rejected' ? ' · refused by the server' : ''}
                {m.receivedAt ? ` · reached the server ${delayText(m.at, m.receivedAt)} later` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </SectionCard>
  );
}
