/**
 * The Mine / Team switch of a screen. What "mine" means is the screen's
 * (`mineLabel`): follow-ups assigned to me, opportunities I own, interactions
 * I logged. Hidden where there is no team (a local workspace).
 */
import { SegmentedControl, Tooltip } from '@mantine/core';
import { useScope, type ScopeScreen } from '../hooks/useScope.ts';

export function ScopeSwitch({ screen, mineLabel }: { screen: ScopeScreen; mineLabel: string }) {
  const { scope, setScope, switchable } = useScope(screen);
  if (!switchable) return null;
  return (
    <Tooltip label={`Mine: ${mineLabel}. Team: everyone's.`} openDelay={400}>
      <SegmentedControl
        aria-label="Whose records"
        size="sm"
        value={scope}
        onChange={(v) => setScope(v === 'mine' ? 'mine' : 'team')}
        data={[
          { value: 'mine', label: 'Mine' },
          { value: 'team', label: 'Team' },
        ]}
      />
    </Tooltip>
  );
}
