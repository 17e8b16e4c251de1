/**
 * What the server's triggers (migration 0004, crm.refresh_opportunity_principals)
 * do to opportunity_principals after a change, for the test core's stand-in
 * server: every pair of an opportunity's live product lines and their products'
 * principals is live (inserted, or restored), every other pair soft-deleted.
 * The principal dashboard counts opportunities from these rows, as the
 * server's principal_activity_summary does (dashboard.int.test.ts checks the
 * two against PostgreSQL).
 */
import { uuidv7, type Replica } from '../../../sync/client/replica/index.ts';

interface Pair {
  id: string;
  opportunity_id: string;
  principal_id: string;
  deleted_at: string | null;
}

export function deliverOpportunityPrincipals(replica: Replica, workspaceId: string): void {
  const wanted = new Set(
    (
      replica
        .stmt(
          `SELECT DISTINCT l.opportunity_id, p.principal_id FROM opportunity_products l
           JOIN products p ON p.id = l.product_id
           WHERE l.workspace_id = ? AND l.deleted_at IS NULL`,
        )
        .all(workspaceId) as Omit<Pair, 'id' | 'deleted_at'>[]
    ).map((p) => `${p.opportunity_id}|${p.principal_id}`),
  );
  const held = replica
    .stmt(`SELECT * FROM opportunity_principals WHERE workspace_id = ?`)
    .all(workspaceId) as (Pair & { _pending?: number })[];
  const now = replica.nowIso();
  const changes = [];
  for (const { _pending, ...pair } of held) {
    void _pending;
    const live = wanted.delete(`${pair.opportunity_id}|${pair.principal_id}`);
    if (live === (pair.deleted_at === null)) continue;
    changes.push({
      op: 'update' as const,
      row: { ...pair, deleted_at: live ? null : now, updated_at: now },
    });
  }
  for (const key of wanted) {
    const [opportunity_id, principal_id] = key.split('|') as [string, string];
    changes.push({
      op: 'insert' as const,
      row: {
        id: uuidv7(),
        workspace_id: workspaceId,
        opportunity_id,
        principal_id,
        created_at: now,
        updated_at: now,
        created_by: null,
        updated_by: null,
        deleted_at: null,
      },
    });
  }
  if (changes.length) replica.fromServer.applyChanges('opportunity_principals', changes);
}
