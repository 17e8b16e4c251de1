/**
 * Which principals an interaction is about, as quick log and the interaction
 * form show them (chips). The derivation is the server's (0015's
 * derived_interaction_principals) on the replica's merged rows, so it holds
 * offline: the principals of the opportunity's products (a live opportunity),
 * and the principal organization the interaction is with, directly or through
 * its contact. Suggestions, when no opportunity is named: the principals of
 * the customer's open opportunities (pre-selected when there is exactly one);
 * the server never guesses these, the user confirms them as chosen links.
 */
import type { z } from 'zod';
import { CLOSED_STAGES } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import {
  interactionPrincipalsInput,
  type InteractionPrincipals,
  type PrincipalRef,
} from '../../ipc/contract/index.ts';

interface About {
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

const DERIVED_SQL = `
SELECT DISTINCT p.id, p.name FROM (
  SELECT pr.principal_id AS id
  FROM opportunities o
  JOIN opportunity_products l ON l.opportunity_id = o.id AND l.deleted_at IS NULL
  JOIN products pr ON pr.id = l.product_id
  WHERE o.id = @opportunity AND o.deleted_at IS NULL
  UNION SELECT @organization
  UNION SELECT c.organization_id FROM contacts c WHERE c.id = @contact
) x
JOIN organizations p ON p.id = x.id AND p.is_principal = 1 AND p.workspace_id = @ws
ORDER BY p.name COLLATE NOCASE, p.id`;

/** The principals the server derives for an interaction about these records. */
export function derivedPrincipals(ctx: CoreContext, about: About): PrincipalRef[] {
  return ctx.replica.stmt(DERIVED_SQL).all({
    ws: ctx.workspaceId,
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

/** An interaction's live user links of one source ('chosen' or 'removed'). */
const USER_LINKS_SQL = `
SELECT p.id, p.name FROM interaction_principals l
JOIN organizations p ON p.id = l.principal_id
WHERE l.interaction_id = @interaction AND l.source = @source AND l.deleted_at IS NULL
ORDER BY p.name COLLATE NOCASE, p.id`;

function userLinks(
  ctx: CoreContext,
  interaction: string | undefined,
  source: 'chosen' | 'removed',
) {
  return interaction
    ? (ctx.replica.stmt(USER_LINKS_SQL).all({ interaction, source }) as PrincipalRef[])
    : [];
}

export function interactionPrincipalsFor(
  ctx: CoreContext,
  input: z.input<typeof interactionPrincipalsInput>,
): InteractionPrincipals {
  const about = interactionPrincipalsInput.parse(input);
  // --- minus removed links (0018): a removed principal is no chip of the derived ones ---
  const removed = userLinks(ctx, about.interaction_id, 'removed');
  const removedIds = new Set(removed.map((p) => p.id));
  const derived = derivedPrincipals(ctx, about).filter((p) => !removedIds.has(p.id));
  const chosen = userLinks(ctx, about.interaction_id, 'chosen');
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
  tables: [
    'organizations',
    'contacts',
    'products',
    'opportunities',
    'opportunity_products',
    'interaction_principals',
  ],
  input: interactionPrincipalsInput,
  run: interactionPrincipalsFor,
});
