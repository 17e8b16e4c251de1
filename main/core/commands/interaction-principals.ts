/**
 * A user's chosen principals on an interaction (interaction_principals with
 * source 'chosen'). The command takes the whole set the chips show; principals
 * the server derives anyway (the opportunity's, the principal the interaction
 * is with) get no chosen link, so a later product change still moves them.
 * Chosen links no longer wanted are soft-deleted, wanted again restored (the
 * same row), new ones inserted: one replica transaction, one outbox entry each.
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

interface ChosenLink {
  id: string;
  principal_id: string;
  deleted_at: string | null;
}

export function setInteractionPrincipals(ctx: CoreContext, input: unknown): WriteResult {
  const { interaction_id, principal_ids } = setInteractionPrincipalsInput.parse(input);
  return ctx.replica.transaction(() => {
    const interaction = loadRecord(ctx, interactionRules, interaction_id);
    const issues = principal_ids.flatMap((principal_id) =>
      referenceIssues(ctx, 'interaction_principals', { principal_id }, ['principal_id']).map(
        (i) => ({
          field: 'principal_ids',
          message: `${principal_id}: ${i.message}`,
        }),
      ),
    );
    assertNoIssues(issues, input);
    const derived = new Set(
      derivedPrincipals(ctx, interaction as Parameters<typeof derivedPrincipals>[1]).map(
        (p) => p.id,
      ),
    );
    const wanted = new Set(principal_ids.filter((id) => !derived.has(id)));
    const existing = ctx.replica
      .stmt(
        `SELECT id, principal_id, deleted_at FROM interaction_principals WHERE interaction_id = ? AND source = 'chosen'`,
      )
      .all(interaction_id) as ChosenLink[];
    let changed = false;
    for (const link of existing) {
      const keep = wanted.delete(link.principal_id);
      if (keep === Boolean(link.deleted_at)) {
        setDeleted(ctx, interactionPrincipalRules, link.id, !keep);
        changed = true;
      }
    }
    for (const principal_id of wanted) {
      insertRecord(ctx, interactionPrincipalRules, { interaction_id, principal_id });
      changed = true;
    }
    return { id: interaction_id, changed: changed ? ['principal_ids'] : [] };
  });
}
