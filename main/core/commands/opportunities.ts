/**
 * Opportunities: a customer, the products pitched to it (and through them the
 * principals), a stage in the pipeline. Stage moves are ordinary updates; the
 * server stamps stage_changed_at (the replica predicts it meanwhile).
 * Products are linked through opportunity_products, one row per pair for ever:
 * removing soft-deletes the link, adding again restores it (the server's
 * unique pair constraint counts deleted rows too).
 */
import {
  OWNER_CHANGE_REFUSED,
  mayChangeOwner,
  needsCloseReason,
  type MemberRole,
} from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError } from '../errors.ts';
import {
  changeRecord,
  insertRecord,
  loadRecord,
  recordCommands,
  setDeleted,
  type TableRules,
  type WriteResult,
} from './crud.ts';
import {
  createOpportunityInput,
  idInput,
  moveOpportunityStageInput,
  opportunityProductInput,
  updateOpportunityInput,
} from '../../ipc/contract/index.ts';

/** The input schemas are the channel contract's; re-exported for callers of the core. */
export {
  createOpportunityInput,
  updateOpportunityInput,
  moveOpportunityStageInput,
  opportunityProductInput,
};

export const opportunityRules: TableRules = {
  table: 'opportunities',
  noun: 'opportunity',
  defaults(ctx: CoreContext) {
    // The signed-in user owns what they create, when the replica knows them as a member.
    const member = ctx.replica
      .stmt(
        'SELECT 1 FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL',
      )
      .get(ctx.workspaceId, ctx.userId);
    return { stage: 'New Lead', ...(member ? { owner_id: ctx.userId } : {}) };
  },
  // The server decides (its trigger refuses the mutation with the same words); refusing here
  // tells the user at once instead of a rejected change minutes later.
  check(ctx, _candidate, changed, before) {
    if (!before || !changed.has('owner_id')) return [];
    const role = ctx.replica
      .stmt(
        'SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL',
      )
      .get(ctx.workspaceId, ctx.userId) as { role: MemberRole } | undefined;
    const owner = typeof before.owner_id === 'string' ? before.owner_id : null;
    return mayChangeOwner(role?.role, owner, ctx.userId)
      ? []
      : [{ field: 'owner_id', message: OWNER_CHANGE_REFUSED }];
  },
};

export const opportunityProductRules: TableRules = {
  table: 'opportunity_products',
  noun: 'opportunity product',
};

const commands = recordCommands(opportunityRules, {
  create: createOpportunityInput,
  update: updateOpportunityInput,
  id: idInput,
});

export const createOpportunity = commands.create;
export const updateOpportunity = commands.update;
export const deleteOpportunity = commands.delete;
export const restoreOpportunity = commands.restore;

/**
 * A stage move; to Closed - Stalled or Closed - No Fit it carries why (refused
 * without, field close_reason). Moving elsewhere clears it.
 */
export function moveOpportunityStage(ctx: CoreContext, input: unknown): WriteResult {
  const { id, stage, close_reason, close_reason_note } = moveOpportunityStageInput.parse(input);
  // Elsewhere the reason goes (as the server's trigger does), so the replica shows no stale "why"
  // meanwhile; changeRecord sends it only when the deal had one.
  const why = needsCloseReason(stage)
    ? { close_reason: close_reason ?? null, close_reason_note: close_reason_note?.trim() || null }
    : { close_reason: null, close_reason_note: null };
  return changeRecord(ctx, opportunityRules, id, { stage, ...why });
}

function findLink(ctx: CoreContext, opportunityId: string, productId: string) {
  return ctx.replica
    .stmt(
      'SELECT id, deleted_at, notes FROM opportunity_products WHERE opportunity_id = ? AND product_id = ? AND workspace_id = ?',
    )
    .get(opportunityId, productId, ctx.workspaceId) as
    { id: string; deleted_at: string | null; notes: string | null } | undefined;
}

/** Links a product to an opportunity (restoring an earlier link of the same pair); a no-op when linked. */
export function addOpportunityProduct(ctx: CoreContext, input: unknown): WriteResult {
  const { opportunity_id, product_id, notes } = opportunityProductInput.parse(input);
  return ctx.replica.transaction(() => {
    const opp = loadRecord(ctx, opportunityRules, opportunity_id);
    if (opp.deleted_at)
      throw new CommandError(
        'invalid_state',
        'the opportunity is deleted; restore it before adding products',
      );
    const link = findLink(ctx, opportunity_id, product_id);
    if (!link)
      return insertRecord(ctx, opportunityProductRules, {
        opportunity_id,
        product_id,
        ...(notes != null ? { notes } : {}),
      });
    const restored = link.deleted_at
      ? setDeleted(ctx, opportunityProductRules, link.id, false).changed
      : [];
    const noted =
      notes !== undefined
        ? changeRecord(ctx, opportunityProductRules, link.id, { notes }).changed
        : [];
    return { id: link.id, changed: [...restored, ...noted] };
  });
}

/** Unlinks a product from an opportunity (soft delete of the link). */
export function removeOpportunityProduct(ctx: CoreContext, input: unknown): WriteResult {
  const { opportunity_id, product_id } = opportunityProductInput.omit({ notes: true }).parse(input);
  return ctx.replica.transaction(() => {
    const link = findLink(ctx, opportunity_id, product_id);
    if (!link || link.deleted_at)
      throw new CommandError('not_found', 'the product is not on this opportunity');
    return setDeleted(ctx, opportunityProductRules, link.id, true);
  });
}
