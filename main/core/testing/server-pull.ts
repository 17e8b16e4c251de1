/**
 * A full resync of one workspace from PostgreSQL into a replica, for tests
 * that compare the desktop with the server: each replicated table's rows as
 * JSON built by PostgreSQL (ISO timestamps with microseconds, as the shape
 * stream sends them), through the replica's own server-apply path, half the
 * tables as a snapshot (replaceRows), half as changes (applyChanges).
 */
import { TABLE_NAMES, columnsOf, type TableName } from '../../../sync/schema/index.ts';
import type { Replica } from '../../../sync/client/replica/index.ts';

/** Runs SQL on the server as a superuser (the test's pool), answering rows. */
export type ServerQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** The workspace's rows of a replicated table, as the shape route would send them. */
export async function serverRows(
  query: ServerQuery,
  table: TableName,
  ws: string,
): Promise<Record<string, unknown>[]> {
  const cols = columnsOf(table).join(', ');
  const where =
    table === 'workspaces'
      ? 'id = $1'
      : table === 'users'
        ? 'id IN (SELECT user_id FROM workspace_members WHERE workspace_id = $1)'
        : 'workspace_id = $1';
  const rows = await query(
    `SELECT row_to_json(x) AS r FROM (SELECT ${cols} FROM ${table} WHERE ${where}) x`,
    [ws],
  );
  return rows.map((r) => r.r as Record<string, unknown>);
}

export async function pullWorkspace(
  query: ServerQuery,
  replica: Replica,
  ws: string,
): Promise<void> {
  for (const [i, table] of TABLE_NAMES.entries()) {
    const rows = await serverRows(query, table, ws);
    if (i % 2 === 0) replica.fromServer.replaceRows(table, rows);
    else
      replica.fromServer.applyChanges(
        table,
        rows.map((row) => ({ op: 'insert' as const, row })),
      );
  }
}
