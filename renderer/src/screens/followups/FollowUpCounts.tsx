/** Overdue / due today / upcoming / no date, as counts that filter the list when clicked. */
import { Paper, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { FollowUpCounts as Counts, Urgency } from '../../api/types.ts';
import { URGENCY_COLOR } from '../../theme.ts';

const CARDS: { urgency: Urgency; label: string }[] = [
  { urgency: 'overdue', label: 'Overdue' },
  { urgency: 'due', label: 'Due today' },
  { urgency: 'upcoming', label: 'Upcoming' },
  { urgency: 'unscheduled', label: 'No date' },
];

export function FollowUpCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: Counts | undefined;
  selected: Urgency[];
  onSelect: (u: Urgency[]) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
      {CARDS.map((c) => {
        const active = selected.length === 1 && selected[0] === c.urgency;
        const n = counts?.[c.urgency] ?? 0;
        return (
          <UnstyledButton
            key={c.urgency}
            onClick={() => onSelect(active ? [] : [c.urgency])}
            aria-pressed={active}
          >
            <Paper
              withBorder
              p="sm"
              radius="md"
              style={{
                borderColor: active
                  ? `var(--mantine-color-${URGENCY_COLOR[c.urgency]}-filled)`
                  : undefined,
                borderWidth: active ? 2 : undefined,
              }}
            >
              <Text
                size="xl"
                fw={700}
                c={
                  n > 0 && (c.urgency === 'overdue' || c.urgency === 'due')
                    ? URGENCY_COLOR[c.urgency]
                    : undefined
                }
              >
                {counts ? n : '–'}
              </Text>
              <Text size="sm" c="dimmed">
                {c.label}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}
