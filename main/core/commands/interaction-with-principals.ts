/**
 * Quick log and the interaction form save an interaction and its principal
 * chips as one command: the interaction's insert (or update) and its chosen
 * and removed links go into the replica and the outbox in one transaction.
 * Two commands used to do it, so a failure of the second left an interaction
 * without its chips, and a second "Log it" logged it twice.
 */
import type { CoreContext } from '../context.ts';
import type { WriteResult } from './crud.ts';
import { logInteraction, updateInteraction } from './interactions.ts';
import { setInteractionPrincipals } from './interaction-principals.ts';
import { principalChoice, type PrincipalChoice } from '../../ipc/contract/index.ts';

/** The chips apart from the interaction's own fields (validated here too: the core is callable directly). */
function splitChoice(input: unknown): { fields: unknown; choice: PrincipalChoice | undefined } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { fields: input, choice: undefined };
  const { principals, ...fields } = input as Record<string, unknown>;
  return {
    fields,
    choice: principals === undefined ? undefined : principalChoice.parse(principals),
  };
}

function writeChoice(ctx: CoreContext, interactionId: string, choice: PrincipalChoice): boolean {
  const r = setInteractionPrincipals(ctx, {
    interaction_id: interactionId,
    principal_ids: choice.chosen,
    removed_principal_ids: choice.removed,
  });
  return r.changed.length > 0;
}

/** interactions.log: the new interaction and, when given, its chips. */
export function logInteractionWithPrincipals(ctx: CoreContext, input: unknown): WriteResult {
  const { fields, choice } = splitChoice(input);
  return ctx.replica.transaction(() => {
    const logged = logInteraction(ctx, fields);
    if (choice && writeChoice(ctx, logged.id, choice))
      return { ...logged, changed: [...logged.changed, 'principals'] };
    return logged;
  });
}

/** interactions.update: the changed fields and, when given, the chips (either may be all there is). */
export function updateInteractionWithPrincipals(ctx: CoreContext, input: unknown): WriteResult {
  const { fields, choice } = splitChoice(input);
  const own = fields as { id?: unknown };
  return ctx.replica.transaction(() => {
    const onlyChips = choice && Object.keys(fields as object).length === 1;
    const updated: WriteResult = onlyChips
      ? { id: String(own.id), changed: [] }
      : updateInteraction(ctx, fields);
    if (choice && writeChoice(ctx, updated.id, choice))
      return { ...updated, changed: [...updated.changed, 'principals'] };
    return updated;
  });
}
