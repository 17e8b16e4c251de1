/**
 * A record's history: the audit_log rows of one record, read from the server on
 * demand (GET /v1/history/:table/:id) instead of replicated. The whole trail was
 * half of every desktop's replica (163,718 of 326,054 rows on the seeded
 * 100k-interaction workspace) while the app only ever reads the trail of the one
 * record on screen. The desktop keeps what it fetched (a cache in the replica
 * file) for offline use; see sync/client/replica/history-cache.ts.
 *
 * The column list is still sync/schema's (a contract test compares it with the
 * PostgreSQL catalog); it is simply not among TABLES, the replicated tables.
 */
import { z } from 'zod';
import { bigint, jsonb, text, textArray, timestamptz, uuid } from './columns.ts';
import { AUDIT_ACTIONS } from './enums.ts';
import { MUTABLE_TABLES, type TableSpec } from './tables.ts';

/** audit_log's columns, as the history route hands them out. */
export const AUDIT_LOG = {
  clientMutations: false,
  softDelete: false,
  columns: {
    id: uuid({ writer: 'server' }),
    workspace_id: uuid({ writer: 'server' }),
    table_name: text(100, { writer: 'server' }),
    record_id: uuid({ writer: 'server' }),
    action: text(20, { writer: 'server' }),
    actor_id: uuid({ nullable: true, writer: 'server' }),
    changed_fields: textArray({ writer: 'server', hasDefault: true }),
    old_values: jsonb({ nullable: true, writer: 'server' }),
    new_values: jsonb({ nullable: true, writer: 'server' }),
    transaction_id: bigint({ writer: 'server', hasDefault: true }),
    occurred_at: timestamptz({ writer: 'server', hasDefault: true }),
  },
} as const satisfies TableSpec;

/** Tables whose records have a history a desktop asks for: the ones clients write. */
export const HISTORY_TABLES = MUTABLE_TABLES;
export const historyTable = z.enum(HISTORY_TABLES as [string, ...string[]], {
  error: `must be one of ${HISTORY_TABLES.join(', ')}`,
});

/** Where a page ends: `<occurred_at as ISO, microseconds>_<audit id>`; pass it back as `before`. */
export const historyCursor = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z_[0-9a-f-]{36}$/i, {
    error: 'must be the next_cursor of a previous page',
  });

export const HISTORY_PAGE_MAX = 500;

/** The route's path parameters. */
export const historyParams = z.strictObject({
  table: historyTable,
  id: z.uuid({ error: 'must be a record id (UUID)' }),
});

/** The route's query string. */
export const historyQuery = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(HISTORY_PAGE_MAX, { error: `must be at most ${HISTORY_PAGE_MAX}` })
    .default(100),
  before: historyCursor.optional(),
});

/** One audit row of a record, with the actor's display name when the caller may see it. */
export const historyEntry = z.strictObject({
  id: z.uuid(),
  workspace_id: z.uuid(),
  table_name: z.string(),
  record_id: z.uuid(),
  action: z.enum(AUDIT_ACTIONS),
  actor_id: z.uuid().nullable(),
  changed_fields: z.array(z.string()),
  old_values: z.record(z.string(), z.json()).nullable(),
  new_values: z.record(z.string(), z.json()).nullable(),
  /** PostgreSQL xid8 as a decimal string (it does not fit a double). */
  transaction_id: z.string().regex(/^\d+$/),
  occurred_at: z.string(),
  actor_name: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

/** One page, newest first; next_cursor is null on the last page. */
export const historyPage = z.strictObject({
  entries: z.array(historyEntry),
  next_cursor: historyCursor.nullable(),
});
export type HistoryPage = z.infer<typeof historyPage>;
