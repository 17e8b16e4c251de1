/**
 * The principals reps chose on interactions (interaction_principals with
 * source 'chosen'; the derived ones come from the server's triggers as the
 * rows go in). What a broker's data looks like:
 * - a check-in with a customer and no deal named is usually about one
 *   principal, the one of the customer's own deals (else any), sometimes two or
 *   three, sometimes none;
 * - a distributor call is about a principal they carry half the time;
 * - a deal's interaction now and then brings up a second principal.
 * Interactions with a principal or its people need none: the server derives it.
 * Runs after every other generator, on its own stream, so the rest of the seed
 * is the same rows as before it existed.
 */
import type { GenContext, InteractionPrincipalRow, WorkspacePlan } from './model.ts';

type Plan = Pick<
  WorkspacePlan,
  | 'organizations'
  | 'contacts'
  | 'products'
  | 'opportunities'
  | 'opportunityProducts'
  | 'interactions'
>;

export function generateInteractionPrincipals(
  ctx: GenContext,
  plan: Plan,
): InteractionPrincipalRow[] {
  const { rng } = ctx;
  const orgs = new Map(plan.organizations.map((o) => [o.id, o]));
  const principals = plan.organizations
    .filter((o) => o.is_principal && o.deleted_at === null)
    .map((o) => o.id);
  if (principals.length === 0) return [];
  const contactOrg = new Map(plan.contacts.map((c) => [c.id, c.organization_id]));
  const productPrincipal = new Map(plan.products.map((p) => [p.id, p.principal_id]));
  const oppCustomer = new Map(plan.opportunities.map((o) => [o.id, o.organization_id]));
  // A customer's principals: those of its deals' products.
  const customerPrincipals = new Map<string, string[]>();
  for (const line of plan.opportunityProducts) {
    const customer = oppCustomer.get(line.opportunity_id);
    const principal = productPrincipal.get(line.product_id);
    if (!customer || !principal) continue;
    const list = customerPrincipals.get(customer) ?? [];
    if (!list.includes(principal)) list.push(principal);
    customerPrincipals.set(customer, list);
  }
  const rows: InteractionPrincipalRow[] = [];
  const choose = (interaction: Plan['interactions'][number], pool: string[], how: number) => {
    const picked = new Set<string>();
    for (let i = 0; i < how && picked.size < pool.length + principals.length; i++) {
      const from = i === 0 && pool.length ? pool : principals;
      picked.add(rng.pick(from));
    }
    for (const principal_id of picked)
      rows.push({
        id: ctx.id(),
        workspace_id: ctx.workspaceId,
        interaction_id: interaction.id,
        principal_id,
        actor: interaction.actor,
        deleted_at: null,
      });
  };
  for (const i of plan.interactions) {
    const orgId =
      i.organization_id ?? (i.contact_id ? contactOrg.get(i.contact_id) : undefined) ?? null;
    const org = orgId ? orgs.get(orgId) : undefined;
    if (i.opportunity_id) {
      if (rng.chance(0.05)) choose(i, [], 1);
    } else if (org?.is_principal) {
      continue;
    } else if (org?.is_distributor) {
      if (rng.chance(0.5)) choose(i, [], rng.chance(0.2) ? 2 : 1);
    } else {
      const r = rng.next();
      const how = r < 0.65 ? 1 : r < 0.8 ? 2 : r < 0.85 ? 3 : 0;
      if (how) choose(i, (orgId && customerPrincipals.get(orgId)) || [], how);
    }
  }
  return rows;
}
