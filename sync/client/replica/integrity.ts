/**
 * A replica's self-check: the invariants every transaction must preserve.
 * - each overlay row equals the fold of its synced row and live outbox entries
 *   (with last_interaction_at predicted from local interactions), and no
 *   record with live entries lacks the overlay the fold gives;
 * - each live row of a searchable table has a search document hashed from its
 *   current text (search_fts keeps no copy of the text to compare:
 *   search-index.ts), and no deleted or missing row has a document.
 * Used by tests (the crash test reopens a killed writer's file and expects no
 * issue) and as a diagnostic a support engineer can run.
 */
import { MUTABLE_TABLES, columnsOf } from '../../schema/index.ts';
import { localTable, q, type MutableTableName } from './ddl.ts';
import { LAST_INTERACTION_PARENTS, LIVE_STATUSES, expectedOverlay } from './overlay.ts';
import { SEARCH_SOURCES, SEARCH_TABLES } from './search-index.ts';
import type { SqlRow } from './sql-types.ts';
import type { ReplicaConnection } from './connection.ts';

function sameRow(a: SqlRow, b: SqlRow, cols: string[]): string[] {
  return cols.filter((c) => (a[c] ?? null) !== (b[c] ?? null));
}

export function checkIntegrity(r: ReplicaConnection): string[] {
  const issues: string[] = [];
  for (const table of MUTABLE_TABLES as MutableTableName[]) {
    const cols = columnsOf(table);
    const fk = (LAST_INTERACTION_PARENTS as Record<string, string | undefined>)[table];
    const referenced = fk
      ? ` UNION SELECT ${q(fk)} FROM ${q(localTable('interactions'))} WHERE ${q(fk)} IS NOT NULL`
      : '';
    const ids = r
      .stmt(
        `SELECT row_id AS id FROM outbox WHERE table_name = ? AND status IN ${LIVE_STATUSES}
         UNION SELECT id FROM ${q(localTable(table))}${referenced}`,
      )
      .all(table) as { id: string }[];
    for (const { id } of ids) {
      const local = r.stmt(`SELECT * FROM ${q(localTable(table))} WHERE id = ?`).get(id) as
        SqlRow | undefined;
      const expected = expectedOverlay(r, table, id);
      if (!expected && local)
        issues.push(`${table} ${id}: overlay that no outbox entry or local interaction explains`);
      else if (expected && !local)
        issues.push(`${table} ${id}: outbox entries or local interactions but no overlay`);
      else if (expected && local) {
        const diff = sameRow(expected, local, cols);
        if (diff.length)
          issues.push(`${table} ${id}: overlay differs from its outbox in ${diff.join(', ')}`);
      }
    }
  }
  for (const table of SEARCH_TABLES) {
    const src = SEARCH_SOURCES[table];
    const wrong = r
      .stmt(
        `SELECT v.id FROM (SELECT id, ${src.title} AS t, ${src.body} AS b FROM ${q(table)} WHERE deleted_at IS NULL) v
         LEFT JOIN search_docs d ON d.table_name = ? AND d.row_id = v.id
         WHERE d.doc IS NULL OR d.text_hash IS NOT search_text_hash(v.t, v.b)`,
      )
      .all(table) as { id: string }[];
    for (const w of wrong) issues.push(`${table} ${w.id}: search document missing or stale`);
    const extra = r
      .stmt(
        `SELECT d.row_id FROM search_docs d
         WHERE d.table_name = ? AND NOT EXISTS (SELECT 1 FROM ${q(table)} v WHERE v.id = d.row_id AND v.deleted_at IS NULL)`,
      )
      .all(table) as { row_id: string }[];
    for (const e of extra)
      issues.push(`${table} ${e.row_id}: search document for a deleted or missing row`);
  }
  return issues;
}
