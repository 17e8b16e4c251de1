/**
 * What a board card shows, shared by the card in its column and the copy that
 * follows the pointer while it is dragged: name, customer and contact, the
 * owner, and how long it has sat in its stage (a rep scans a column for the
 * deals that stalled).
 */
import { Group, Stack, Text } from '@mantine/core';
import type { Opportunity } from '../../api/types.ts';
import { PendingBadge } from '../../components/PendingBadge.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { daysInStage } from '../../lib/stageAge.ts';

export function OpportunityCardBody({ opportunity: o }: { opportunity: Opportunity }) {
  const inStage = daysInStage(o.stage_changed_at);
  return (
    <Stack gap={4}>
      {/* Not a link: the card is already the control (a link inside it would nest two). Enter or a double click opens it. */}
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {o.name}
      </Text>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {o.organization_name ?? '—'}
        {o.primary_contact_name ? ` · ${o.primary_contact_name}` : ''}
      </Text>
      <Text size="xs" c="dimmed" data-testid="card-owner" style={{ overflowWrap: 'anywhere' }}>
        {o.owner_name ? `Owner: ${o.owner_name}` : 'No owner'}
      </Text>
      {/* Wraps rather than cuts when the context and the age do not fit on one line. */}
      <Group justify="space-between" gap={4} wrap="wrap">
        <Text size="xs" c="dimmed">
          {o.context ?? ''}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          <PendingBadge pending={o._pending} />
          {inStage && (
            <Text
              size="xs"
              c="dimmed"
              data-testid="card-days-in-stage"
              title={`In ${o.stage} since ${formatDateTime(o.stage_changed_at)}`}
            >
              {inStage === 'today' ? 'in stage today' : `${inStage} in stage`}
            </Text>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
