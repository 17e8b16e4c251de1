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

/**
 * Definitions of the tables whose shape depends only on the workspace and the
 * device's generation, built once: every long poll asks for one, and the same
 * object each time lets the engine skip normalizing it again (serve-shape.ts).
 * Bounded: cleared whole when full (rebuilding one is cheap).
 */
const built = new Map<string, ShapeDefinition>();
const MAX_BUILT = 20_000;

function workspaceShape(table: TableName, workspaceId: string, generation: string): ShapeDefinition {
  const key = `${table}\u0000${workspaceId}\u0000${generation}`;
  let def = built.get(key);
  if (!def) {
    if (built.size >= MAX_BUILT) built.clear();
    def = Object.freeze(shapeDefinition(table, workspaceId, generation));
    built.set(key, def);
  }
  return def;
}

/** The definition of `table` for this session; `members` may be passed when already read. */
export async function sessionShapeDefinition(
  pool: pg.Pool,
  session: Session,
  table: TableName,
  members?: readonly string[],
): Promise<ShapeDefinition> {
  const generation = resyncGeneration(session.resyncRequestedAt);
  if (table !== 'users') return workspaceShape(table, session.workspaceId, generation);
  const ids = members ?? (await memberIdsOf(pool, session.userId, session.workspaceId));
  return shapeDefinition(table, session.workspaceId, generation, ids);
}
