/**
 * A record's history (records.history): the server's audit trail of the
 * record, asked of the server when the page opens (GET /v1/history) since
 * desktops no longer replicate audit_log. When the server cannot be reached
 * the core answers with what this computer saved of it and this device's own
 * recent changes, and says so (`source: 'saved'`), so the page can tell the
 * person they are looking at a possibly older copy.
 *   server  fetched now (and saved for later)
 *   saved   offline: the copy saved on this computer (saved_at: when), plus own_changes
 *   local   a local workspace: no server, no audit trail; history is the outbox
 * Pending and refused changes stay in records.detail (live from the replica).
 */
import { z } from 'zod';
import { historyCursor, historyEntry } from '../../../sync/schema/history.ts';
import { RECORD_TABLES } from './inputs/vocabulary.ts';

export const HISTORY_SOURCES = ['server', 'saved', 'local'] as const;

export const recordHistoryInput = z.strictObject({
  table: z.enum(RECORD_TABLES),
  id: z.uuid({ error: 'must be a record id (UUID)' }),
  limit: z.number().int().min(1).max(500).default(100),
  /** An earlier answer's next_cursor: the page of older entries. */
  before: historyCursor.optional(),
});

/** A change this device made and the server already confirmed (kept 30 days), for offline histories. */
export const ownChange = z.strictObject({
  mutation_id: z.string(),
  table: z.string(),
  row_id: z.string(),
  op: z.enum(['insert', 'update', 'delete', 'restore']),
  changes: z.record(z.string(), z.json()).nullable(),
  created_at: z.string(),
  txid: z.string().nullable(),
});

export const recordHistory = z.strictObject({
  source: z.enum(HISTORY_SOURCES),
  /** Audit rows, newest first. */
  entries: z.array(historyEntry),
  /** When the entries were fetched from the server (now, or the saved copy's time); null: never. */
  saved_at: z.string().nullable(),
  /** Offline only: this device's confirmed changes the saved copy does not include. */
  own_changes: z.array(ownChange),
  /** Pass back as `before` for older entries; null when there are none (or none saved). */
  next_cursor: historyCursor.nullable(),
  /** Why the server's copy is not shown (offline, server error), in words; null when it is. */
  reason: z.string().nullable(),
});

export const HISTORY_CHANNELS = {
  'records.history': { input: recordHistoryInput, output: recordHistory },
} as const;
