/**
 * Which interactions are about a principal, written once for the follow-up
 * filter, by the rule of interaction_principals (migration 0015) evaluated on
 * the replica's own rows, so it holds offline before the server's derived
 * links arrive: the principals of the interaction's live opportunity's
 * products, the principal organization it is with (directly or through its
 * contact), and the links a user chose; minus the pairs a user removed (0018).
 */

/** SQL true when interaction `alias` is about the principal in parameter `@<param>`. */
export function interactionIsAboutPrincipal(alias: string, param: string): string {
  // --- minus removed links (0018): a user's live removal of the pair wins over every rule below ---
  return `(NOT EXISTS (SELECT 1 FROM interaction_principals r
                   WHERE r.interaction_id = ${alias}.id AND r.principal_id = @${param}
                     AND r.source = 'removed' AND r.deleted_at IS NULL)
    AND (EXISTS (SELECT 1 FROM opportunity_products op
             JOIN products pr ON pr.id = op.product_id
             JOIN opportunities o ON o.id = op.opportunity_id AND o.deleted_at IS NULL
           WHERE op.opportunity_id = ${alias}.opportunity_id AND op.deleted_at IS NULL
             AND pr.principal_id = @${param})
        OR ${alias}.organization_id = @${param}
        OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = ${alias}.contact_id AND c.organization_id = @${param})
        OR EXISTS (SELECT 1 FROM interaction_principals l
                   WHERE l.interaction_id = ${alias}.id AND l.principal_id = @${param}
                     AND l.source = 'chosen' AND l.deleted_at IS NULL)))`;
}

/** The tables interactionIsAboutPrincipal reads (a live query re-runs when one changes). */
export const INTERACTION_PRINCIPAL_TABLES = [
  'opportunity_products',
  'products',
  'opportunities',
  'contacts',
  'interaction_principals',
] as const;
