/**
 * A record's history as one list: the server's audit trail (who changed what,
 * old and new values; fetched on demand, or the copy saved on this computer
 * when offline), the changes made here that the server has not confirmed yet,
 * and, offline, this device's confirmed changes the saved copy predates (new
 * values only: the old ones are what the audit says last).
 */
import { serverWrittenColumns, TABLE_NAMES, type TableName } from '../../../sync/schema/index.ts';
import type { AuditRow, OutboxEntry, OwnChange } from '../api/types.ts';

export interface HistoryChange {
  field: string;
  old?: unknown;
  new: unknown;
}

export interface HistoryEntry {
  key: string;
  at: string;
  who: string | null;
  action: 'created' | 'changed' | 'deleted' | 'restored';
  changes: HistoryChange[];
  /**
   * server: the server's trail; local: saved on this computer, not confirmed by the server;
   * rejected: refused by it; own: made here and confirmed, not in the saved copy (offline).
   */
  source: 'server' | 'local' | 'rejected' | 'own';
  reason?: string;
  /** When the server received a change it dates by the user's time (a stage move made offline), if that differs from `at`. */
  receivedAt?: string;
}

/**
 * Five seconds apart at least: an online push takes well under that, so a
 * bigger gap means the change waited on the device (offline, or a slow line).
 */
const DISTINCT_MS = 5_000;

/**
 * When an audited change happened: a stage move is dated by the user's time
 * (stage_changed_at, the device clock; issue 12), which differs from when the
 * server recorded it (occurred_at) for a move made offline.
 */
function happenedAt(a: AuditRow, fields: string[]): { at: string; receivedAt?: string } {
  const moved = a.new_values?.stage_changed_at;
  if (!fields.includes('stage') || typeof moved !== 'string') return { at: a.occurred_at };
  const apart = Math.abs(Date.parse(a.occurred_at) - Date.parse(moved)) >= DISTINCT_MS;
  return apart ? { at: new Date(moved).toISOString(), receivedAt: a.occurred_at } : { at: a.occurred_at };
}

/**
 * Fields nobody needs to read in a history: what the server writes on its own
 * (stamps, last_interaction_at, stage_changed_at; sync/schema marks them), the
 * keys, and deleted_at (told as the action itself).
 */
const hiddenCache = new Map<string, Set<string>>();
function hiddenFields(table: string): Set<string> {
  let hidden = hiddenCache.get(table);
  if (!hidden) {
    const server = (TABLE_NAMES as readonly string[]).includes(table)
      ? serverWrittenColumns(table as TableName)
      : [];
    hidden = new Set([...server, 'id', 'workspace_id', 'deleted_at']);
    hiddenCache.set(table, hidden);
  }
  return hidden;
}

const ACTION: Record<string, HistoryEntry['action']> = {
  insert: 'created',
  update: 'changed',
  soft_delete: 'deleted',
  delete: 'deleted',
  restore: 'restored',
};

export function historyOf(
  audit: AuditRow[],
  pending: OutboxEntry[],
  rejected: OutboxEntry[] = [],
  own: OwnChange[] = [],
): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const a of audit) {
    const fields = a.action === 'insert' ? Object.keys(a.new_values ?? {}) : a.changed_fields;
    const hidden = hiddenFields(a.table_name);
    out.push({
      key: `a:${a.id}`,
      ...happenedAt(a, fields),
      who: a.actor_name ?? null,
      action: ACTION[a.action] ?? 'changed',
      source: 'server',
      changes: fields
        .filter((f) => !hidden.has(f))
        .filter((f) => a.action !== 'insert' || (a.new_values?.[f] ?? null) !== null)
        .map((f) => ({
          field: f,
          old: a.action === 'insert' ? undefined : a.old_values?.[f],
          new: a.new_values?.[f],
        })),
    });
  }
  for (const e of [...pending, ...rejected]) {
    const hidden = hiddenFields(e.table);
    out.push({
      key: `o:${e.mutation_id}`,
      at: e.created_at,
      who: 'You',
      action: ACTION[e.op] ?? (e.op === 'delete' ? 'deleted' : 'changed'),
      source: e.status === 'rejected' ? 'rejected' : 'local',
      ...(e.rejection ? { reason: e.rejection.message } : {}),
      changes: Object.entries(e.changes ?? {})
        .filter(([f, v]) => !hidden.has(f) && (e.op !== 'insert' || v !== null))
        .map(([f, v]) => ({ field: f, new: v })),
    });
  }
  for (const c of own) {
    const hidden = hiddenFields(c.table);
    out.push({
      key: `m:${c.mutation_id}`,
      at: c.created_at,
      who: 'You',
      action: ACTION[c.op] ?? 'changed',
      source: 'own',
      changes: Object.entries(c.changes ?? {})
        .filter(([f, v]) => !hidden.has(f) && (c.op !== 'insert' || v !== null))
        .map(([f, v]) => ({ field: f, new: v })),
    });
  }
  return out.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

/** How long after it was made a change reached the server: "6 s", "40 min", "3 h", "4 days". */
export function delayText(madeAt: string, receivedAt: string): string {
  const s = Math.max(0, Math.round((Date.parse(receivedAt) - Date.parse(madeAt)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

export interface StageMove {
  at: string;
  who: string | null;
  from?: unknown;
  to: unknown;
  source: HistoryEntry['source'];
  receivedAt?: string;
}

/** Stage moves only, oldest first; a local move's "from" is the stage before it. */
export function stageMoves(entries: HistoryEntry[]): StageMove[] {
  const moves: StageMove[] = entries
    .flatMap((e) =>
      e.changes
        .filter((c) => c.field === 'stage')
        .map((c) => ({
          at: e.at,
          who: e.who,
          ...(c.old !== undefined ? { from: c.old } : {}),
          to: c.new,
          source: e.source,
          ...(e.receivedAt ? { receivedAt: e.receivedAt } : {}),
        })),
    )
    .reverse();
  for (let i = 1; i < moves.length; i++)
    if (moves[i]!.from === undefined) moves[i]!.from = moves[i - 1]!.to;
  return moves;
}
