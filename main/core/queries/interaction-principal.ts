/**
 * Which interactions are about a principal, written once: those on an
 * opportunity that carries one of the principal's products (the relation the
 * principal dashboard counts by). When interactions get their own principals
 * (an interaction_principals table), this is the one place to change.
 */

/** SQL true when interaction `alias` is about the principal in parameter `@<param>`. */
export function interactionIsAboutPrincipal(alias: string, param: string): string {
  return `EXISTS (SELECT 1 FROM opportunity_products op JOIN products pr ON pr.id = op.product_id
          WHERE op.opportunity_id = ${alias}.opportunity_id AND op.deleted_at IS NULL
            AND pr.principal_id = @${param})`;
}

/** The tables interactionIsAboutPrincipal reads (a live query re-runs when one changes). */
export const INTERACTION_PRINCIPAL_TABLES = ['opportunity_products', 'products'] as const;
