/**
 * A principal's engagement as a gauge: the arc empties over the 30 days after
 * the last activity, colored by level (High within 7 days, Medium 14, Low 30,
 * else Inactive), with the level written in the middle for those who cannot
 * tell the colors apart.
 */
import { GaugeChart } from '@mantine/charts';
import { Stack, Text, Tooltip } from '@mantine/core';
import { daysSince, formatRelative } from '../lib/format.ts';
import { ENGAGEMENT_COLOR } from '../theme.ts';

export interface EngagementGaugeProps {
  level: string;
  lastActivityAt: string | null;
  size?: number;
}

export function EngagementGauge({ level, lastActivityAt, size = 104 }: EngagementGaugeProps) {
  const days = daysSince(lastActivityAt);
  const value = days === null ? 0 : Math.max(0, Math.min(100, 100 - (days / 30) * 100));
  const color = ENGAGEMENT_COLOR[level] ?? 'gray';
  return (
    <Tooltip
      // Says what the gauge counts: it is not the principal's own "last interaction".
      label={
        lastActivityAt
          ? `Engagement ${level}: the latest interaction about it was ${formatRelative(lastActivityAt)}`
          : `Engagement ${level}: no interaction about it yet`
      }
    >
      <div
        role="img"
        aria-label={`Engagement ${level}`}
        style={{ width: size, height: size * 0.78, overflow: 'hidden', flexShrink: 0 }}
      >
        <GaugeChart
          value={value}
          size={size}
          thickness={size / 10}
          roundCaps={value > 0}
          filledColor={color}
          trackColor="var(--mantine-color-default-border)"
          label={
            <Stack gap={0} align="center">
              <Text size="sm" fw={700} c={level === 'Inactive' ? 'dimmed' : color} lh={1.1}>
                {level}
              </Text>
              <Text size="10px" c="dimmed" lh={1.2}>
                {days === null ? 'no activity' : days < 1 ? 'today' : `${Math.floor(days)}d ago`}
              </Text>
            </Stack>
          }
        />
      </div>
    </Tooltip>
  );
}
