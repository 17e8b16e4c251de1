/**
 * Which principals an interaction is about, as quick log and the interaction
 * form show them (chips), by the one rule of principal-links.ts on the
 * replica's merged rows, so it holds offline: derived (the opportunity's
 * principals, the principal organization met, directly or through its
 * contact) and chosen links apart, and the principals a user removed (0018,
 * a removal wins over both). Suggestions, when no opportunity is named: the principals of
 * the customer's open opportunities (pre-selected when there is exactly one);
 * the server never guesses these, the user confirms them as chosen links.
 */
import type { z } from 'zod';
import { CLOSED_STAGES } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { PRINCIPAL_LINK_TABLES, chosenLinksSql, derivedLinksSql } from './principal-links.ts';
import {
  interactionPrincipalsInput,
  type InteractionPrincipals,
  type PrincipalRef,
} from '../../ipc/contract/index.ts';

interface About {
  /** The interaction, once it exists. */
  id?: string | null | undefined;
  opportunity_id?: string | null | undefined;
  contact_id?: string | null | undefined;
  organization_id?: string | null | undefined;
}

const CLOSED = CLOSED_STAGES.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');

/** The organization an interaction is with, as interactions.ts derives it: the opportunity's customer, else the contact's. */
function withOrganization(ctx: CoreContext, about: About): string | null {
  const viaOpportunity = about.opportunity_id
    ? (ctx.replica
        .stmt('SELECT organization_id FROM opportunities WHERE id = ?')
        .get(about.opportunity_id) as { organization_id: string | null } | undefined)
    : undefined;
  const viaContact = about.contact_id
    ? (ctx.replica
        .stmt('SELECT organization_id FROM contacts WHERE id = ?')
        .get(about.contact_id) as { organization_id: string | null } | undefined)
    : undefined;
  return (
    viaOpportunity?.organization_id ?? viaContact?.organization_id ?? about.organization_id ?? null
  );
}

/** The interaction as the rule sees it, before or after it is saved (quick log asks while typing). */
const ABOUT = `(SELECT @interaction AS id, @opportunity AS opportunity_id, @organization AS organization_id, @contact AS contact_id)`;

const DERIVED_SQL = `
SELECT p.id, p.name FROM (${derivedLinksSql(ABOUT)}) x
JOIN organizations p ON p.id = x.principal_id
ORDER BY p.name COLLATE NOCASE, p.id`;

/** The principals the server derives for an interaction about these records. */
export function derivedPrincipals(ctx: CoreContext, about: About): PrincipalRef[] {
  return ctx.replica.stmt(DERIVED_SQL).all({
    ws: ctx.workspaceId,
    interaction: about.id ?? null,
    opportunity: about.opportunity_id ?? null,
    organization: withOrganization(ctx, about),
    contact: about.contact_id ?? null,
  }) as PrincipalRef[];
}

const SUGGESTED_SQL = `
SELECT DISTINCT p.id, p.name
FROM opportunities o
JOIN opportunity_products l ON l.opportunity_id = o.id AND l.deleted_at IS NULL
JOIN products pr ON pr.id = l.product_id
JOIN organizations p ON p.id = pr.principal_id AND p.is_principal = 1 AND p.deleted_at IS NULL
WHERE o.workspace_id = @ws AND o.organization_id = @customer AND o.deleted_at IS NULL
  AND o.stage NOT IN (${CLOSED})
ORDER BY p.name COLLATE NOCASE, p.id`;

/** An interaction's live removals (0018): principals a user said it is not about. */
const REMOVED_SQL = `
SELECT p.id, p.name FROM interaction_principals l
JOIN organizations p ON p.id = l.principal_id
WHERE l.interaction_id = @interaction AND l.source = 'removed' AND l.deleted_at IS NULL
ORDER BY p.name COLLATE NOCASE, p.id`;

const CHOSEN_SQL = `
SELECT p.id, p.name FROM (${chosenLinksSql('(SELECT @interaction AS id)')}) x
JOIN organizations p ON p.id = x.principal_id
ORDER BY p.name COLLATE NOCASE, p.id`;

export function interactionPrincipalsFor(
  ctx: CoreContext,
  input: z.input<typeof interactionPrincipalsInput>,
): InteractionPrincipals {
  const about = interactionPrincipalsInput.parse(input);
  // The rule leaves removed pairs out of derived and chosen (principal-links.ts); the removals are listed apart.
  const derived = derivedPrincipals(ctx, { ...about, id: about.interaction_id ?? null });
  const chosen = about.interaction_id
    ? (ctx.replica.stmt(CHOSEN_SQL).all({ interaction: about.interaction_id }) as PrincipalRef[])
    : [];
  const removed = about.interaction_id
    ? (ctx.replica.stmt(REMOVED_SQL).all({ interaction: about.interaction_id }) as PrincipalRef[])
    : [];
  const known = new Set([...derived, ...chosen, ...removed].map((p) => p.id));
  const customer = about.opportunity_id ? null : withOrganization(ctx, about);
  const suggested = customer
    ? (
        ctx.replica.stmt(SUGGESTED_SQL).all({ ws: ctx.workspaceId, customer }) as PrincipalRef[]
      ).filter((p) => !known.has(p.id))
    : [];
  return {
    derived,
    removed,
    chosen,
    suggested,
    preselected: suggested.length === 1 && chosen.length === 0 ? [suggested[0]!.id] : [],
  };
}

export const interactionPrincipalsQuery = defineQuery({
  name: 'interactions.principals',
  tables: PRINCIPAL_LINK_TABLES,
  input: interactionPrincipalsInput,
  run: interactionPrincipalsFor,
});
