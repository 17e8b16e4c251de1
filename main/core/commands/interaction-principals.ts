/**
 * A user's principals on an interaction: chosen links (source 'chosen', 0015)
 * and removals (source 'removed', 0018: "not about this principal", even one
 * the server derives). The command takes the whole sets the chips show;
 * principals the server derives anyway get no chosen link, so a later product
 * change still moves them. Links no longer wanted are soft-deleted, wanted
 * again restored (the same row), new ones inserted: one replica transaction,
 * one outbox entry each. A removal not listed any more is taken back: that is
 * how a removed principal is re-added.
 */
import type { CoreContext } from '../context.ts';
import { assertNoIssues } from '../errors.ts';
import { referenceIssues } from './references.ts';
import { insertRecord, loadRecord, setDeleted, type TableRules, type WriteResult } from './crud.ts';
import { interactionRules } from './interactions.ts';
import { derivedPrincipals } from '../queries/interaction-principals.ts';
import { setInteractionPrincipalsInput } from '../../ipc/contract/index.ts';

export { setInteractionPrincipalsInput };

export const interactionPrincipalRules: TableRules = {
  table: 'interaction_principals',
  noun: 'principal of an interaction',
};

interface UserLink {
  id: string;
  principal_id: string;
  source: 'chosen' | 'removed';
  deleted_at: string | null;
}

function principalIssues(ctx: CoreContext, field: string, ids: string[]) {
  return ids.flatMap((principal_id) =>
    referenceIssues(ctx, 'interaction_principals', { principal_id }, ['principal_id']).map((i) => ({
      field,
      message: `${principal_id}: ${i.message}`,
    })),
  );
}

export function setInteractionPrincipals(ctx: CoreContext, input: unknown): WriteResult {
  const { interaction_id, principal_ids, removed_principal_ids } =
    setInteractionPrincipalsInput.parse(input);
  return ctx.replica.transaction(() => {
    const interaction = loadRecord(ctx, interactionRules, interaction_id);
    assertNoIssues(
      [
        ...principalIssues(ctx, 'principal_ids', principal_ids),
        ...principalIssues(ctx, 'removed_principal_ids', removed_principal_ids),
      ],
      input,
    );
    const derived = new Set(
      derivedPrincipals(ctx, interaction as Parameters<typeof derivedPrincipals>[1]).map(
        (p) => p.id,
      ),
    );
    const wanted = {
      chosen: new Set(principal_ids.filter((id) => !derived.has(id))),
      removed: new Set(removed_principal_ids),
    };
    const existing = ctx.replica
      .stmt(
        `SELECT id, principal_id, source, deleted_at FROM interaction_principals
         WHERE interaction_id = ? AND source IN ('chosen', 'removed')`,
      )
      .all(interaction_id) as UserLink[];
    let changed = false;
    for (const link of existing) {
      const keep = wanted[link.source].delete(link.principal_id);
      if (keep === Boolean(link.deleted_at)) {
        setDeleted(ctx, interactionPrincipalRules, link.id, !keep);
        changed = true;
      }
    }
    for (const source of ['chosen', 'removed'] as const) {
      for (const principal_id of wanted[source]) {
        insertRecord(ctx, interactionPrincipalRules, { interaction_id, principal_id, source });
        changed = true;
      }
    }
    return { id: interaction_id, changed: changed ? ['principal_ids'] : [] };
  });
}
