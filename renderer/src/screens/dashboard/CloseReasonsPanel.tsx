/**
 * Why deals stalled or did not fit (issue 12): the close reasons of deals moved
 * to Closed - Stalled or Closed - No Fit in the last 90 days, most frequent first;
 * mine (deals I own) or the team's, as the dashboard's switch says.
 */
import { Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '../../hooks/useQuery.ts';
import type { Scope } from '../../hooks/useScope.ts';

export function CloseReasonsPanel({ scope }: { scope: Scope }) {
  const report = useQuery('dashboard.close_reasons', { scope }).data;
  if (!report) return null;
  const total = report.stalled + report.no_fit;
  const most = Math.max(1, ...report.reasons.map((r) => r.total));
  return (
    <Card
      withBorder
      padding="md"
      radius="md"
      mb="lg"
      component="section"
      aria-labelledby="close-reasons-title"
    >
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4" id="close-reasons-title">
          Why deals stalled or did not fit
        </Title>
        <Text size="sm" c="dimmed">
          {scope === 'mine' ? 'Your deals' : 'Team'} · last {report.days} days
        </Text>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {total === 0
          ? 'No deal was closed as stalled or no fit in this period.'
          : `${report.stalled} stalled · ${report.no_fit} no fit`}
      </Text>
      <Stack gap={8}>
        {report.reasons.map((r) => (
          <div key={r.close_reason}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">{r.close_reason}</Text>
              <Text
                size="sm"
                c="dimmed"
                aria-label={`${r.close_reason}: ${r.stalled} stalled, ${r.no_fit} no fit`}
              >
                {r.total} ({r.stalled} stalled · {r.no_fit} no fit)
              </Text>
            </Group>
            <Progress.Root size="sm" aria-hidden>
              <Progress.Section value={(r.stalled / most) * 100} color="orange" />
              <Progress.Section value={(r.no_fit / most) * 100} color="gray.5" />
            </Progress.Root>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
