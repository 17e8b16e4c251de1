/**
 * Sign-out and account switch never lose work silently. With changes the
 * server does not have for certain (pending, sent but unanswered, rejected),
 * the guard refuses with their count unless the caller chose what to do:
 * - export: the unsynced mutations and the records they touch, as one JSON
 *   document the caller saves (nothing is dropped: the replica file, kept per
 *   account, would still push them at the next sign-in);
 * - discard: they are dropped and their records show the server's state.
 */
import type { OutboxEntry } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError } from '../errors.ts';
import { fromSqlRow, type Row } from '../rows.ts';
import { prepareSignOutInput as signOutInput } from '../../ipc/contract/index.ts';

export { signOutInput };

export interface UnsyncedExport {
  exported_at: string;
  workspace_id: string;
  user_id: string;
  mutations: OutboxEntry[];
  /** The merged rows the mutations touch, as the user last saw them. */
  records: { table: string; id: string; row: Row | null }[];
}

export interface SignOutReady {
  /** Unsynced changes found. */
  unsynced: number;
  export?: UnsyncedExport;
  discarded?: number;
}

export function prepareSignOut(ctx: CoreContext, input: unknown): SignOutReady {
  const { unsynced: choice } = signOutInput.parse(input);
  const outbox = ctx.replica.outbox;
  const count = outbox.unsyncedCount();
  if (count === 0) return { unsynced: 0 };
  if (choice === 'refuse') {
    throw new CommandError(
      'pending_changes',
      `${count} change${count === 1 ? ' is' : 's are'} not on the server yet; sync first, or export or discard them`,
      { pending: count },
    );
  }
  if (choice === 'discard') return { unsynced: count, discarded: outbox.discardUnsynced() };
  const mutations = outbox.entries({ status: ['pending', 'sent', 'rejected'] });
  const seen = new Set<string>();
  const records: UnsyncedExport['records'] = [];
  for (const m of mutations) {
    if (seen.has(`${m.table}:${m.row_id}`)) continue;
    seen.add(`${m.table}:${m.row_id}`);
    const raw = ctx.replica.getRow(m.table, m.row_id);
    records.push({ table: m.table, id: m.row_id, row: raw ? fromSqlRow(m.table, raw) : null });
  }
  return {
    unsynced: count,
    export: {
      exported_at: ctx.replica.nowIso(),
      workspace_id: ctx.workspaceId,
      user_id: ctx.userId,
      mutations,
      records,
    },
  };
}
