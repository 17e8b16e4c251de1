/**
 * Where a shape's catch-up waits for its up-to-date message: the changes a
 * resumed stream (or a stream right after its snapshot) receives over several
 * HTTP answers before the server says "up to date". They may not be applied
 * answer by answer (the replica would show half a server transaction), and
 * holding them in memory grows with the time the desktop was away. So each
 * answer's changes are written here (`catch_up_changes`, local migration 5)
 * in one short transaction, and the up-to-date applies them from here, page
 * by page, in the one apply transaction (ServerApply.applyChanges takes an
 * iterable), which also empties the table's spill.
 *
 *   answer without up-to-date ─► spillChanges ─► ... ─► up-to-date: applyChanges(spilled(...) + the last answer's) + clearSpill
 *   stream (re)start, must-refetch, kill -9 ─► clearSpill (the stored position was never advanced past them: they come again)
 */
import type { TableName } from '../../schema/index.ts';
import type { ReplicaConnection } from './connection.ts';
import type { ServerChange } from './server-change.ts';

/** Changes read back per page: memory holds one page, whatever the catch-up's size. */
export const SPILL_PAGE = 500;

interface SpilledRow {
  seq: number;
  op: ServerChange['op'];
  row: string;
  txids: string | null;
}

/** Appends one answer's changes to the table's spill, in one transaction. */
export function spillChanges(
  r: ReplicaConnection,
  table: TableName,
  changes: readonly ServerChange[],
): void {
  if (changes.length === 0) return;
  r.transaction(() => {
    const last =
      (
        r.stmt('SELECT max(seq) AS s FROM catch_up_changes WHERE table_name = ?').get(table) as {
          s: number | null;
        }
      ).s ?? 0;
    const insert = r.stmt(
      'INSERT INTO catch_up_changes (table_name, seq, op, row, txids) VALUES (?, ?, ?, ?, ?)',
    );
    changes.forEach((c, i) =>
      insert.run(
        table,
        last + 1 + i,
        c.op,
        JSON.stringify(c.row, bigintAsText),
        c.txids ? JSON.stringify(c.txids, bigintAsText) : null,
      ),
    );
  });
}

/** int8 values come as bigint; the apply converts their text back (sql-types.ts toInteger). */
function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Whether the table has spilled changes waiting. */
export function hasSpill(r: ReplicaConnection, table: TableName): boolean {
  return (
    r.stmt('SELECT 1 FROM catch_up_changes WHERE table_name = ? LIMIT 1').get(table) !== undefined
  );
}

/**
 * The table's spilled changes in arrival order, read a page at a time (a
 * statement cannot stay open across the writes of the apply, so each page is
 * its own read).
 */
export function* spilledChanges(r: ReplicaConnection, table: TableName): Generator<ServerChange> {
  const page = r.stmt(
    'SELECT seq, op, row, txids FROM catch_up_changes WHERE table_name = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  let after = 0;
  for (;;) {
    const rows = page.all(table, after, SPILL_PAGE) as SpilledRow[];
    for (const s of rows) {
      const row = JSON.parse(s.row) as Record<string, unknown>;
      const txids = s.txids ? (JSON.parse(s.txids) as ServerChange['txids']) : undefined;
      yield { op: s.op, row, ...(txids ? { txids } : {}) };
    }
    if (rows.length < SPILL_PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

export function clearSpill(r: ReplicaConnection, table: TableName): void {
  r.transaction(() => {
    r.stmt('DELETE FROM catch_up_changes WHERE table_name = ?').run(table);
  });
}
