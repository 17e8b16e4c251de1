/**
 * A principal's last activity: the latest live interaction about it through
 * its links (its products' opportunities, its own people, chosen principals),
 * the date the engagement gauge counts from, as the server's
 * principal_activity_summary has it. Not its own "last interaction" (the
 * organization's column, LastInteractionText): a principal is mostly talked
 * about at its customers, rarely met itself. The exact time on hover.
 */
import { formatDateTime, formatRelative } from '../lib/format.ts';

export function LastActivityText({ at }: { at: string | null | undefined }) {
  return (
    <span
      data-testid="last-activity"
      title={at ? formatDateTime(at) : 'No interaction about it yet'}
    >
      {at ? formatRelative(at) : 'none yet'}
    </span>
  );
}
