/**
 * What the user sees of the outbox: how many changes are waiting, and the
 * rejected ones with their reason, the record they are about and the changes
 * they carried, so each can be retried (after editing) or discarded.
 */
import type { z } from 'zod';
import {
  timestampDaySql,
  type OutboxEntry,
  type OutboxStatus,
} from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { syncQueueInput } from '../../ipc/contract/index.ts';

export { syncQueueInput };

export interface QueueEntry extends OutboxEntry {
  /** A human name for the record (organization name, contact name, ...), when the replica has it. */
  label: string | null;
}

export interface SyncQueue {
  counts: Record<OutboxStatus, number>;
  /** Changes the server does not have for certain (what sign-out would lose). */
  unsynced: number;
  rejected: QueueEntry[];
  waiting: QueueEntry[];
}

const LABEL: Record<string, string> = {
  organizations: 'name',
  contacts: `trim(concat_ws(' ', first_name, last_name))`,
  products: 'name',
  opportunities: 'name',
  opportunity_products: `(SELECT p.name FROM products p WHERE p.id = product_id)`,
  interactions: `interaction_type || ' · ' || ${timestampDaySql('interaction_date')}`,
};

function labelled(ctx: CoreContext, e: OutboxEntry): QueueEntry {
  const expr = LABEL[e.table];
  const row = expr
    ? (ctx.replica.stmt(`SELECT ${expr} AS label FROM ${e.table} WHERE id = ?`).get(e.row_id) as
        { label: string } | undefined)
    : undefined;
  const fromChanges = typeof e.changes?.name === 'string' ? e.changes.name : null;
  return { ...e, label: row?.label ?? fromChanges };
}

export function syncQueue(ctx: CoreContext, input: z.input<typeof syncQueueInput> = {}): SyncQueue {
  const { limit } = syncQueueInput.parse(input);
  const outbox = ctx.replica.outbox;
  return {
    counts: outbox.counts(),
    unsynced: outbox.unsyncedCount(),
    rejected: outbox
      .rejected()
      .slice(0, limit)
      .map((e) => labelled(ctx, e)),
    waiting: outbox
      .entries({ status: ['pending', 'sent', 'applied'] })
      .slice(0, limit)
      .map((e) => labelled(ctx, e)),
  };
}

export const syncQueueQuery = defineQuery({
  name: 'sync.queue',
  tables: ['outbox', 'organizations', 'contacts', 'products', 'opportunities', 'interactions'],
  input: syncQueueInput,
  run: syncQueue,
});
