/**
 * One principal on the dashboard: engagement gauge, activity counts, last
 * activity and follow-ups due, all through the same links (which interactions
 * are about it: its products' opportunities, its own people, chosen ones), so
 * "High" never sits beside "never".
 */
import { ActionIcon, Badge, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconPencilPlus } from '@tabler/icons-react';
import type { PrincipalSummary } from '../../api/types.ts';
import { EngagementGauge } from '../../components/EngagementGauge.tsx';
import { LastActivityText } from '../../components/LastActivityText.tsx';
import { RouterLink } from '../../components/RouterLink.tsx';
import { useQuickLog } from '../../hooks/useQuickLog.ts';

export function PrincipalCard({ p }: { p: PrincipalSummary }) {
  const quickLog = useQuickLog();
  return (
    <Card withBorder padding="md" radius="md" data-testid="principal-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <RouterLink
            to={`/organizations/${p.principal_id}`}
            fw={600}
            size="md"
            style={{ overflowWrap: 'anywhere' }}
          >
            {p.name}
          </RouterLink>
          <Text size="xs" c="dimmed">
            Last activity <LastActivityText at={p.last_activity_at} />
          </Text>
          {p.follow_ups_due_count > 0 && (
            <Badge color="orange" variant="light" size="sm" mt={4}>
              {p.follow_ups_due_count} follow-up{p.follow_ups_due_count === 1 ? '' : 's'} due
            </Badge>
          )}
        </Stack>
        <EngagementGauge level={p.engagement_level} lastActivityAt={p.last_activity_at} />
      </Group>
      <Group justify="space-between" align="flex-end" mt="xs" wrap="nowrap">
        <SimpleGrid cols={3} spacing="lg">
          {(
            [
              ['Opportunities', p.opportunities_count],
              ['Interactions', p.interactions_count],
              ['Products', p.products_count],
            ] as const
          ).map(([label, n]) => (
            <Stack key={label} gap={0}>
              <Text fw={700}>{n}</Text>
              <Text size="xs" c="dimmed">
                {label}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        <Tooltip label={`Log an interaction about ${p.name}`}>
          <ActionIcon
            variant="light"
            size="lg"
            aria-label={`Log an interaction about ${p.name}`}
            onClick={() =>
              quickLog.open({ table: 'organizations', id: p.principal_id, label: p.name })
            }
          >
            <IconPencilPlus size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Card>
  );
}
