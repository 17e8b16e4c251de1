/** Opportunities per stage, every stage in order (the board, summarized). */
import { BarChart } from '@mantine/charts';
import { Card, Group, Text, Title } from '@mantine/core';
import type { YAxisTickContentProps } from 'recharts';
import type { PipelineStage } from '../../api/types.ts';
import { RouterLink } from '../../components/RouterLink.tsx';

function StageTick({ x, y, payload }: YAxisTickContentProps) {
  return (
    <text
      x={x}
      y={y}
      dy={4}
      textAnchor="end"
      fontSize={12}
      fill="currentColor"
      style={{ whiteSpace: 'pre' }}
    >
      {String(payload.value)}
    </text>
  );
}

export function PipelineSummary({ stages }: { stages: PipelineStage[] }) {
  const open = stages.filter((s) => !s.closed).reduce((n, s) => n + s.opportunities_count, 0);
  // The count is in the label: bar-end labels appear only after the bars' animation.
  const data = stages.map((s) => ({
    stage: `${s.stage}  ${s.opportunities_count.toLocaleString()}`,
    count: s.opportunities_count,
  }));
  // Wide enough for the longest label at 12px (about 7px a character, plus the tick's gap).
  const axisWidth = Math.max(
    120,
    Math.ceil(Math.max(...data.map((d) => d.stage.length)) * 7.2) + 16,
  );
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
        // One line per label: recharts wraps a tick wider than the axis ("Sample/Visit Offered" over "1474").
        yAxisProps={{ width: axisWidth, interval: 0, fontSize: 12, tick: StageTick }}
        // A labelled div needs a role (aria-label alone is not allowed on a div): a figure, whose axis text stays readable.
        role="figure"
        aria-label="Opportunities per stage"
      />
    </Card>
  );
}
