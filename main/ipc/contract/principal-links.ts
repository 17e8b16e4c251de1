/**
 * The principals an interaction is about (interaction_principals, 0015), as
 * quick log and the interaction form see them: derived ones (from the
 * opportunity, or the principal the interaction is with: always counted, the
 * server keeps them), the user's chosen ones, and suggestions (the principals
 * of the customer's open opportunities when no opportunity is named).
 */
import { z } from 'zod';

const uuid = z.uuid({ error: 'must be a UUID' });
const MAX_PRINCIPALS = 20;

export const setInteractionPrincipalsInput = z.strictObject({
  interaction_id: uuid,
  /** Every principal the user wants on the interaction; derived ones may be listed too (they need no link). */
  principal_ids: z
    .array(uuid)
    .max(MAX_PRINCIPALS, { error: `at most ${MAX_PRINCIPALS} principals` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'a principal is listed twice' }),
});

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
  derived: z.array(principalRef),
  chosen: z.array(principalRef),
  suggested: z.array(principalRef),
  /** Suggested principals to pre-select: the one when there is exactly one. */
  preselected: z.array(z.string()),
});
export type InteractionPrincipals = z.infer<typeof interactionPrincipals>;
