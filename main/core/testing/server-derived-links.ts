/**
 * What the server's triggers (migration 0015) do to interaction_principals
 * after a change, for the test core's stand-in server: the derived links of
 * every interaction become the derivation (new pairs inserted, pairs no longer
 * derived soft-deleted, returning ones restored); chosen links untouched. The
 * derivation is principal-links.ts's rule, the one the desktop predicts with;
 * principal-links.int.test.ts checks that rule against PostgreSQL's.
 */
import { uuidv7, type Replica } from '../../../sync/client/replica/index.ts';
import { derivedLinksSql } from '../queries/principal-links.ts';

interface Link {
  id: string;
  interaction_id: string;
  principal_id: string;
  deleted_at: string | null;
}

export function deliverDerivedLinks(replica: Replica, workspaceId: string): void {
  const wanted = new Set(
    (
      replica.stmt(derivedLinksSql('interactions')).all({ ws: workspaceId }) as Omit<
        Link,
        'id' | 'deleted_at'
      >[]
    ).map((l) => `${l.interaction_id}|${l.principal_id}`),
  );
  const held = replica
    .stmt(`SELECT * FROM interaction_principals WHERE workspace_id = ? AND source = 'derived'`)
    .all(workspaceId) as (Link & { _pending?: number })[];
  const now = replica.nowIso();
  const changes = [];
  for (const { _pending, ...link } of held) {
    void _pending;
    const key = `${link.interaction_id}|${link.principal_id}`;
    const derived = wanted.delete(key);
    if (derived === (link.deleted_at === null)) continue;
    changes.push({
      op: 'update' as const,
      row: { ...link, deleted_at: derived ? null : now, updated_at: now },
    });
  }
  for (const key of wanted) {
    const [interaction_id, principal_id] = key.split('|') as [string, string];
    changes.push({
      op: 'insert' as const,
      row: {
        id: uuidv7(),
        workspace_id: workspaceId,
        interaction_id,
        principal_id,
        source: 'derived',
        created_at: now,
        updated_at: now,
        created_by: null,
        updated_by: null,
        deleted_at: null,
      },
    });
  }
  if (changes.length) replica.fromServer.applyChanges('interaction_principals', changes);
}
