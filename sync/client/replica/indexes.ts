/**
 * Secondary indexes of the synced tables, chosen for the queries in main/core
 * (keyset lists, timelines, the per-opportunity dashboard aggregate). They live
 * in code, not in a numbered migration: opening a replica creates the missing
 * ones and drops `ix_` indexes no longer listed (a changed definition has a
 * new name), and a bulk load drops them all
 * and builds them after the rows are in (PERF-NOTES: 3-5x faster).
 *
 * The overlay tables (<table>_local) hold only rows with pending edits and are
 * mostly read by primary key; LOCAL_INDEXES lists the few they need.
 */
import { createHash } from 'node:crypto';
import type { TableName } from '../../schema/index.ts';
import { localTable, q, syncedTable, type MutableTableName } from './ddl.ts';

interface IndexDef {
  name: string;
  columns: string;
  where?: string;
}

const LIVE_OPEN_FOLLOW_UP =
  'follow_up_required = 1 AND follow_up_done_at IS NULL AND deleted_at IS NULL';

export const INDEXES: Partial<Record<TableName, IndexDef[]>> = {
  workspace_members: [{ name: 'user', columns: 'workspace_id, user_id' }],
  organizations: [
    { name: 'name', columns: 'workspace_id, name COLLATE NOCASE, id' },
    { name: 'updated', columns: 'workspace_id, updated_at, id' },
    { name: 'last_interaction', columns: 'workspace_id, last_interaction_at, id' },
    // The dashboard's principals (a few hundred among thousands of organizations).
    { name: 'principals', columns: 'workspace_id, name, id', where: 'is_principal = 1' },
  ],
  contacts: [
    { name: 'organization', columns: 'organization_id' },
    {
      name: 'name',
      columns: 'workspace_id, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id',
    },
    { name: 'email', columns: 'email COLLATE NOCASE' },
    { name: 'updated', columns: 'workspace_id, updated_at, id' },
  ],
  products: [
    { name: 'principal', columns: 'principal_id' },
    { name: 'name', columns: 'workspace_id, name COLLATE NOCASE, id' },
  ],
  opportunities: [
    { name: 'organization', columns: 'organization_id' },
    { name: 'contact', columns: 'primary_contact_id' },
    { name: 'distributor', columns: 'distributor_id' },
    { name: 'owner', columns: 'owner_id' },
    { name: 'stage', columns: 'workspace_id, stage, stage_changed_at, id' },
    { name: 'name', columns: 'workspace_id, name COLLATE NOCASE, id' },
    { name: 'updated', columns: 'workspace_id, updated_at, id' },
    // Covering for the principal dashboard's search per pair (is it live, whose is it).
    { name: 'live_owner', columns: 'id, deleted_at, owner_id' },
  ],
  opportunity_products: [
    { name: 'pair', columns: 'opportunity_id, product_id' },
    { name: 'product', columns: 'product_id' },
  ],
  opportunity_principals: [
    { name: 'opportunity', columns: 'opportunity_id' },
    { name: 'principal', columns: 'principal_id' },
    // The principal dashboard counts each principal's pairs in this order, no sort.
    { name: 'dashboard', columns: 'workspace_id, principal_id, deleted_at, opportunity_id' },
  ],
  interactions: [
    { name: 'date', columns: 'workspace_id, interaction_date, id' },
    { name: 'contact', columns: 'contact_id, interaction_date' },
    { name: 'organization', columns: 'organization_id, interaction_date' },
    // An opportunity's timeline (date order) and the search for its interactions (which ones a
    // pending change of the opportunity may move). It was a covering index for the dashboard
    // and a twin by id beside it (22.8 MiB at 100k interactions); the dashboard reads link_facts
    // since, and main/core/queries/indexes-plan.test.ts checks the queries' plans without them.
    { name: 'opportunity', columns: 'opportunity_id, interaction_date' },
    {
      name: 'open_follow_ups',
      columns: 'workspace_id, follow_up_date, id',
      where: LIVE_OPEN_FOLLOW_UP,
    },
    // Mine: a rep's open follow-ups and the reminders read only their own (about a tenth of the team's).
    {
      name: 'my_open_follow_ups',
      columns: 'workspace_id, follow_up_assignee_id, follow_up_date, follow_up_time, id',
      where: LIVE_OPEN_FOLLOW_UP,
    },
  ],
  // An interaction's links (the chips, the follow-up filter, link_facts' triggers): a few rows,
  // read from the table. The dashboard's index of every live link in principal order (14.9 MiB
  // at 100k interactions) went when the dashboard moved to link_facts, and the covering one by
  // interaction (10.6 MiB) became these two (issue 13).
  interaction_principals: [
    { name: 'interaction', columns: 'interaction_id' },
    // "Did a user remove this pair?" (0018), asked for every link the rule derives: the live
    // removals alone, a few rows in a workspace.
    { name: 'removed', columns: 'interaction_id, principal_id', where: "source = 'removed' AND deleted_at IS NULL" },
  ],
};

/**
 * Indexes of the overlay tables. An interaction's parents predict their
 * last_interaction_at from the interactions of the overlay (overlay.ts): a
 * burst of quick logs (a day offline, an import) leaves thousands of rows
 * there until the server's copies come back, and each parent's lookup was a
 * scan of them (issue 13).
 */
export const LOCAL_INDEXES: Partial<Record<MutableTableName, IndexDef[]>> = {
  interactions: [
    { name: 'contact', columns: 'contact_id, interaction_date' },
    { name: 'organization', columns: 'organization_id, interaction_date' },
    { name: 'opportunity', columns: 'opportunity_id, interaction_date' },
  ],
};

/** Which storage table an index is on: the synced rows or the overlay. */
export type IndexedStorage = 'synced' | 'local';

/** The name carries a hash of the definition, so a changed definition is a new index (and the old one is dropped). */
export function indexName(t: TableName, def: IndexDef, storage: IndexedStorage = 'synced'): string {
  const hash = createHash('sha1')
    .update(`${def.columns}|${def.where ?? ''}`)
    .digest('hex')
    .slice(0, 8);
  return `ix_${t}_${storage === 'local' ? 'local_' : ''}${def.name}_${hash}`;
}

export function createIndexSql(t: TableName, def: IndexDef, storage: IndexedStorage = 'synced'): string {
  const where = def.where ? ` WHERE ${def.where}` : '';
  const table = storage === 'local' ? localTable(t as MutableTableName) : syncedTable(t);
  return `CREATE INDEX IF NOT EXISTS ${q(indexName(t, def, storage))} ON ${q(table)} (${def.columns})${where}`;
}

export function indexesOf(t: TableName, storage: IndexedStorage = 'synced'): IndexDef[] {
  return (storage === 'local' ? LOCAL_INDEXES[t as MutableTableName] : INDEXES[t]) ?? [];
}
