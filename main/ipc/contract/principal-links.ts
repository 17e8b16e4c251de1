/**
 * The principals an interaction is about (interaction_principals, 0015), as
 * quick log and the interaction form see them: derived ones (from the
 * opportunity, or the principal the interaction is with: the server keeps
 * them), the user's chosen ones, the derived ones the user removed (0018: not
 * counted), and suggestions (the principals of the customer's open
 * opportunities when no opportunity is named).
 */
import { z } from 'zod';

const uuid = z.uuid({ error: 'must be a UUID' });
const MAX_PRINCIPALS = 20;

const principalIds = z
  .array(uuid)
  .max(MAX_PRINCIPALS, { error: `at most ${MAX_PRINCIPALS} principals` })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'a principal is listed twice' });

const notBoth = (chosen: string[], removed: string[]) => !removed.some((id) => chosen.includes(id));
const NOT_BOTH = 'a principal cannot be both chosen and removed';

export const setInteractionPrincipalsInput = z
  .strictObject({
    interaction_id: uuid,
    /** Every principal the user wants on the interaction; derived ones may be listed too (they need no link). */
    principal_ids: principalIds,
    /**
     * Every principal the user said the interaction is NOT about (the chips'
     * removed ones, derived or not); left out = none. A removal not listed is
     * taken back (the principal re-added).
     */
    removed_principal_ids: principalIds.default([]),
  })
  .refine((v) => notBoth(v.principal_ids, v.removed_principal_ids), {
    error: NOT_BOTH,
    path: ['removed_principal_ids'],
  });

/**
 * The chips of quick log and the interaction form, written with the
 * interaction in one command (interactions.log / interactions.update): one
 * replica transaction, so a failure leaves neither half.
 */
export const principalChoice = z
  .strictObject({ chosen: principalIds, removed: principalIds })
  .refine((v) => notBoth(v.chosen, v.removed), { error: NOT_BOTH, path: ['removed'] });
export type PrincipalChoice = z.infer<typeof principalChoice>;

/** What the form holds now; interaction_id (an existing interaction) adds its chosen links. */
export const interactionPrincipalsInput = z.strictObject({
  interaction_id: uuid.optional(),
  opportunity_id: uuid.nullable().optional(),
  contact_id: uuid.nullable().optional(),
  organization_id: uuid.nullable().optional(),
});

export const principalRef = z.strictObject({ id: z.string(), name: z.string() });
export type PrincipalRef = z.infer<typeof principalRef>;

export const interactionPrincipals = z.strictObject({
  /** Derived and not removed: counted. */
  derived: z.array(principalRef),
  /** The interaction's live removals (0018): derived or not, counted for nobody. */
  removed: z.array(principalRef),
  chosen: z.array(principalRef),
  suggested: z.array(principalRef),
  /** Suggested principals to pre-select: the one when there is exactly one. */
  preselected: z.array(z.string()),
});
export type InteractionPrincipals = z.infer<typeof interactionPrincipals>;
