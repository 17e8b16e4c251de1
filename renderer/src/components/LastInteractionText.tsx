/** A record's last interaction, the same words on every screen (see lib/lastInteraction.ts); the exact time on hover. */
import { lastInteraction } from '../lib/lastInteraction.ts';

export function LastInteractionText({ at }: { at: string | null | undefined }) {
  const { text, exact } = lastInteraction(at);
  return (
    <span data-testid="last-interaction" title={exact ?? 'No interaction logged yet'}>
      {text}
    </span>
  );
}
