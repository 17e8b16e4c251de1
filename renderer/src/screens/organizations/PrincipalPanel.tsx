/** For a principal: its engagement and the opportunities its products are pitched in (across customers). */
import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { EngagementGauge } from '../../components/EngagementGauge.tsx';
import { opportunityItem } from '../../components/opportunityItem.tsx';
import { RelatedList } from '../../components/RelatedList.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useQuery } from '../../hooks/useQuery.ts';
import { plural } from '../../lib/format.ts';
import { LastActivityText } from '../../components/LastActivityText.tsx';

export function PrincipalPanel({ principalId }: { principalId: string }) {
  const dashboard = useQuery('dashboard.principals', {});
  const opportunities = useQuery('opportunities.list', {
    principal_id: principalId,
    limit: 50,
    sort: 'updated_at',
    dir: 'desc',
  });
  const summary = dashboard.data?.find((p) => p.principal_id === principalId);
  const rows = opportunities.data?.rows ?? [];
  // The list below stops at 50; the summary has the true number when it has loaded.
  const opportunitiesLabel = summary
    ? plural(summary.opportunities_count, 'opportunity', 'opportunities')
    : opportunities.data?.next_cursor
      ? `${rows.length}+ opportunities`
      : plural(rows.length, 'opportunity', 'opportunities');
  return (
    <SectionCard title="As a principal" countLabel={opportunitiesLabel}>
      {summary && (
        <Group gap="lg" mb="md" wrap="nowrap">
          <EngagementGauge
            level={summary.engagement_level}
            lastActivityAt={summary.last_activity_at}
          />
          <SimpleGrid cols={4} spacing="lg" style={{ flex: 1 }}>
            {[
              ['Opportunities', summary.opportunities_count],
              ['Interactions', summary.interactions_count],
              ['Products', summary.products_count],
              ['Follow-ups due', summary.follow_ups_due_count],
            ].map(([label, n]) => (
              <Stack key={label} gap={0}>
                <Text
                  size="xl"
                  fw={700}
                  c={label === 'Follow-ups due' && Number(n) > 0 ? 'orange' : undefined}
                >
                  {n}
                </Text>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Group>
      )}
      <Text size="xs" c="dimmed" mb={4}>
        {opportunities.data?.next_cursor
          ? `The ${rows.length} most recently changed opportunities with its products`
          : 'Opportunities with its products'}{' '}
        · last activity <LastActivityText at={summary?.last_activity_at} />
      </Text>
      <RelatedList
        empty="None of its products is on an opportunity yet."
        items={rows.map((o) => opportunityItem(o, o.organization_name ?? undefined))}
      />
    </SectionCard>
  );
}
