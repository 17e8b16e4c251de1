/**
 * A record's history for its page (records.history). Desktops no longer
 * replicate audit_log: the core asks the server for the record's trail as the
 * signed-in account (GET /v1/history, RLS applied there), saves the answer in
 * the replica file (HistoryCache), and when the server cannot be reached
 * answers with the saved copy plus this device's own recent changes, marked
 * `saved` so the page says it is offline. A local workspace has no server and
 * no audit trail: its history is its outbox, which records.detail already has.
 */
import type { z } from 'zod';
import type { recordHistory, recordHistoryInput } from '../../ipc/contract/index.ts';
import { CommandError } from '../errors.ts';
import type { Account } from './accounts.ts';
import { HistoryCache, ServerApi, SyncHttpError, type Replica, type SyncStatus } from './sync-deps.ts';

export type RecordHistory = z.input<typeof recordHistory>;
export type RecordHistoryInput = z.output<typeof recordHistoryInput>;

export interface HistoryDeps {
  account(): Account;
  token(accountId: string): Promise<string | null>;
  replica(): Replica;
  /** The sync client's state: when it already knows the server is unreachable, no request is tried. */
  syncState(): SyncStatus['state'] | 'local';
  now(): Date;
}

/** How long a page waits for the server before showing the saved copy. */
const FETCH_TIMEOUT_MS = 8000;

/** Why the server's answer is not shown, in words for the page; undefined for an error that is a bug. */
function unavailableReason(err: unknown, aborted: boolean): string | undefined {
  if (aborted) return 'the server did not answer in time';
  if (!(err instanceof SyncHttpError)) return undefined;
  if (err.offline) return 'the server cannot be reached';
  if (err.status === 401) return 'the server no longer accepts this sign-in';
  // 404: a server from before GET /v1/history; 429 and 5xx: busy or failing, try later.
  if (err.status === 404 || err.status === 429 || err.status >= 500) return `the server could not answer (${err.message})`;
  return undefined;
}

export function recordHistoryReader(deps: HistoryDeps): (input: RecordHistoryInput) => Promise<RecordHistory> {
  return async (input) => {
    const account = deps.account();
    if (account.kind !== 'server' || !account.server_url) {
      return { source: 'local', entries: [], saved_at: null, own_changes: [], next_cursor: null, reason: null };
    }
    const cache = new HistoryCache(deps.replica());
    const saved = (reason: string): RecordHistory => {
      const copy = cache.read(input.table, input.id, input.limit, input.before);
      return {
        source: 'saved',
        entries: copy.entries,
        saved_at: copy.saved_at,
        // Own changes are newer than the saved copy: they belong on its first page only.
        own_changes: input.before ? [] : cache.ownChangesBeyond(input.table, input.id, copy.entries, copy.saved_at),
        next_cursor: copy.next_cursor,
        reason,
      };
    };

    if (deps.syncState() === 'offline') return saved('this computer is offline');
    const token = await deps.token(account.id);
    if (!token) return saved('sign in again to see the latest history');
    const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    try {
      const page = await new ServerApi(account.server_url).history(
        token, input.table, input.id, { limit: input.limit, ...(input.before ? { before: input.before } : {}) }, signal,
      );
      const at = deps.now().toISOString();
      cache.save(input.table, input.id, page.entries, { firstPage: !input.before, now: at });
      return { source: 'server', entries: page.entries, saved_at: at, own_changes: [], next_cursor: page.next_cursor, reason: null };
    } catch (err) {
      const reason = unavailableReason(err, signal.aborted);
      if (reason) return saved(reason);
      if (err instanceof SyncHttpError) throw new CommandError('refused', `the server refused the history: ${err.message}`);
      throw err;
    }
  };
}
