/**
 * For a refused (or overwritten) edit: per field, the value before the edit
 * (from the audit trail, when the replica has it), the edit's value, and the
 * server's value now (the record as the replica shows it after the refusal).
 */
import type { AuditRow, OutboxEntry } from '../api/types.ts';

export interface FieldConflict {
  field: string;
  mine: unknown;
  server: unknown;
  /** undefined: the audit trail does not reach back far enough to say. */
  original?: unknown;
}

export function conflictsOf(
  entry: OutboxEntry,
  record: Record<string, unknown> | undefined,
  audit: AuditRow[],
): FieldConflict[] {
  const changes = entry.changes ?? {};
  // Audit rows are newest first; the value before my edit is the newest one recorded before I made it.
  const before = audit.filter((a) => a.occurred_at <= entry.created_at);
  return Object.entries(changes).map(([field, mine]) => {
    const last = before.find((a) => a.new_values && field in a.new_values);
    return {
      field,
      mine,
      server: record?.[field],
      ...(last ? { original: last.new_values?.[field] } : {}),
    };
  });
}

/** Someone else changed the field on the server after the value my edit started from. */
export function changedOnServer(c: FieldConflict): boolean {
  return (
    c.original !== undefined &&
    JSON.stringify(c.original ?? null) !== JSON.stringify(c.server ?? null)
  );
}
