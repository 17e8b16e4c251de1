/** Today's follow-up picture on the dashboard, leading to the follow-up list. */
import { Button, Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { FollowUpCounts } from '../../api/types.ts';
import { href } from '../../router/router.ts';
import { URGENCY_COLOR } from '../../theme.ts';

export function FollowUpSummary({ counts }: { counts: FollowUpCounts | undefined }) {
  const cells = [
    ['overdue', 'Overdue'],
    ['due', 'Due today'],
    ['upcoming', 'Upcoming'],
  ] as const;
  return (
    <Card withBorder padding="md" radius="md" h="100%">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Follow-ups
        </Title>
        <Button component="a" href={href('/follow-ups')} size="xs" variant="light">
          See all
        </Button>
      </Group>
      <SimpleGrid cols={3}>
        {cells.map(([u, label]) => {
          const n = counts?.[u] ?? 0;
          return (
            <UnstyledButton key={u} component="a" href={href(`/follow-ups?urgency=${u}`)}>
              <Stack gap={0}>
                <Text
                  fz={32}
                  fw={700}
                  lh={1.1}
                  c={n > 0 && u !== 'upcoming' ? URGENCY_COLOR[u] : undefined}
                >
                  {counts ? n : '–'}
                </Text>
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
              </Stack>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="md">
        {counts && counts.overdue + counts.due === 0
          ? 'Nothing due today. Nice.'
          : 'Mark them done from the follow-up list or a record’s timeline.'}
      </Text>
    </Card>
  );
}
