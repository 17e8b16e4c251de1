/** Opportunities per stage, every stage in order (the board, summarized). */
import { BarChart } from '@mantine/charts';
import { Card, Group, Text, Title } from '@mantine/core';
import type { PipelineStage } from '../../api/types.ts';
import { RouterLink } from '../../components/RouterLink.tsx';

export function PipelineSummary({ stages }: { stages: PipelineStage[] }) {
  const open = stages.filter((s) => !s.closed).reduce((n, s) => n + s.opportunities_count, 0);
  // The count is in the label: bar-end labels appear only after the bars' animation.
  const data = stages.map((s) => ({
    stage: `${s.stage}  ${s.opportunities_count}`,
    count: s.opportunities_count,
  }));
  return (
    <Card withBorder padding="md" radius="md" h="100%">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h4">
          Pipeline
        </Title>
        <RouterLink to="/opportunities" size="sm">
          Open the board
        </RouterLink>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {open} open opportunit{open === 1 ? 'y' : 'ies'}
      </Text>
      <BarChart
        h={230}
        data={data}
        dataKey="stage"
        orientation="vertical"
        series={[{ name: 'count', label: 'Opportunities', color: 'teal.6' }]}
        barProps={{ radius: 3 }}
        maxBarWidth={14}
        gridAxis="none"
        tickLine="none"
        withXAxis={false}
        yAxisProps={{ width: 190, interval: 0, fontSize: 12 }}
        // A labelled div needs a role (aria-label alone is not allowed on a div): a figure, whose axis text stays readable.
        role="figure"
        aria-label="Opportunities per stage"
      />
    </Card>
  );
}
