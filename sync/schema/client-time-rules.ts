/**
 * When the server believes a client's clock: the plausibility rule for times
 * that date what a user did (issue 12). Shared by the sync server (which
 * refuses, per mutation) and the desktop (whose pickers offer only what passes).
 *
 * - A mutation's created_at (the device clock when the user made the change)
 *   dates an opportunity's stage move (stage_changed_at). It must lie within
 *   CLIENT_CLOCK_SKEW_MS ahead of the server's clock (clocks drift and NTP may
 *   not have run yet; five minutes covers a laptop that slept without network
 *   and still refuses a clock set to the wrong day) and at most
 *   MAX_OFFLINE_DAYS behind it (a rep on a long trip is offline for days or
 *   weeks; an outbox two months old is a broken clock or a forgotten laptop,
 *   and dating a move by it would bury the deal in the pipeline's past).
 * - An interaction's interaction_date (when it happened) must not lie ahead of
 *   the server's clock by more than the same allowance: an interaction that
 *   happened tomorrow is a typo. Its earliest date stays the record range of
 *   time-rules.ts (1900): importing years of history from another CRM is real work.
 *
 * A refused time is the mutation's rejection (code `invalid`, the field named),
 * shown on the desktop like any other; the rest of the batch goes on.
 */

/** How far ahead of the server's clock a client time may be. */
export const CLIENT_CLOCK_SKEW_MS = 5 * 60_000;
/** How far behind the server's clock a mutation's client time may be. */
export const MAX_OFFLINE_DAYS = 60;
const DAY_MS = 86_400_000;

const minutes = (ms: number) => Math.round(ms / 60_000);

function aheadIssue(what: string, iso: string, aheadMs: number): string {
  return `${what} ${iso}, ${minutes(aheadMs)} minutes ahead of the server's clock (at most ${minutes(CLIENT_CLOCK_SKEW_MS)} allowed): check this computer's date and time`;
}

/**
 * Why a mutation's client time (created_at) cannot date a change, or null when it can.
 * `serverNowMs`: the server's clock.
 */
export function clientTimeIssue(iso: string, serverNowMs: number): string | null {
  const ms = Date.parse(iso);
  if (ms - serverNowMs > CLIENT_CLOCK_SKEW_MS) return aheadIssue('this change is dated', iso, ms - serverNowMs);
  if (serverNowMs - ms > MAX_OFFLINE_DAYS * DAY_MS) {
    return `this change is dated ${iso}, more than ${MAX_OFFLINE_DAYS} days ago: check this computer's date and time, or try the change again to date it now`;
  }
  return null;
}

/** Why `iso` cannot be when something happened (interaction_date), or null when it can. */
export function happenedAtIssue(iso: string, serverNowMs: number): string | null {
  const ahead = Date.parse(iso) - serverNowMs;
  return ahead > CLIENT_CLOCK_SKEW_MS ? aheadIssue('the interaction is dated', iso, ahead) : null;
}
