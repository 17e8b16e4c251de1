/**
 * "Last interaction" has one definition: the record's `last_interaction_at`
 * column (kept by the server's triggers, predicted by the replica for a local
 * interaction until the server's value arrives). Every screen shows it through
 * this helper, so the list and the record's page read the same. A principal's
 * dashboard card and "As a principal" panel show its last activity instead
 * (LastActivityText: through the links the engagement gauge counts).
 * Never recompute it from a timeline: a timeline may hold interactions the
 * column does not count (a principal's, through its products' opportunities).
 */
import { formatDateTime, formatRelative } from './format.ts';

export interface LastInteractionText {
  /** "3 days ago", or "never". */
  text: string;
  /** The exact moment, for a tooltip; null when there was none. */
  exact: string | null;
}

export function lastInteraction(
  at: string | null | undefined,
  now = new Date(),
): LastInteractionText {
  return at
    ? { text: formatRelative(at, now), exact: formatDateTime(at) }
    : { text: 'never', exact: null };
}
