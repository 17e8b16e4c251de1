/**
 * The shape a session gets for a table: shapeDefinition() filled in with the
 * session's workspace, its device's resync generation and, for `users`, the
 * workspace's members. One function for the shape route and the sync plan, so
 * the plan's row counts are taken over exactly the rows the shapes deliver.
 */
import type pg from 'pg';
import type { TableName } from '../../schema/tables.ts';
import { resyncGeneration } from '../access/access-watch.ts';
import type { Session } from '../auth/sessions.ts';
import { asUser } from '../database/as-user.ts';
import type { ShapeDefinition } from './shape-backend.ts';
import { shapeDefinition } from './shape-definition.ts';

/** Everyone who is or was a member of the workspace, read as the caller (RLS decides). */
export async function memberIdsOf(pool: pg.Pool, userId: string, workspaceId: string): Promise<string[]> {
  return asUser(pool, userId, async (client) => {
    const { rows } = await client.query<{ user_id: string }>(
      'SELECT user_id FROM workspace_members WHERE workspace_id = $1 ORDER BY user_id',
      [workspaceId],
    );
    return rows.map((r) => r.user_id);
  });
}

/** The definition of `table` for this session; `members` may be passed when already read. */
export async function sessionShapeDefinition(
  pool: pg.Pool,
  session: Session,
  table: TableName,
  members?: readonly string[],
): Promise<ShapeDefinition> {
  const ids = table === 'users' ? (members ?? (await memberIdsOf(pool, session.userId, session.workspaceId))) : [];
  return shapeDefinition(table, session.workspaceId, resyncGeneration(session.resyncRequestedAt), ids);
}
