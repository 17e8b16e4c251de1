/**
 * A synthetic broker workspace at PERF-NOTES scale, as server rows (the shape
 * a snapshot delivers): 10k organizations (200 principals, 300 distributors),
 * 20k contacts, 2k products, 10k opportunities, 15k links, 100k interactions
 * with ~200-character notes, and their interaction_principals (~100k derived,
 * ~13k chosen). Deterministic (seeded), so runs compare.
 */
import { OPPORTUNITY_STAGES, INTERACTION_TYPES } from '../../../sync/schema/index.ts';
import { uuidv7 } from '../../../sync/client/replica/index.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'sauce sample chef menu delivery price tasting spicy organic frozen pallet invoice reorder promo shelf kitchen buyer'.split(
    ' ',
  );

/** `assignees`: members the open follow-ups are dealt to in turn (none: unassigned), for Mine / Team figures. */
export function perfData(workspaceId: string, now: Date, scale = 1, assignees: readonly string[] = []) {
  const r = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  const base = {
    workspace_id: workspaceId,
    created_at: at(400),
    updated_at: at(30),
    created_by: null,
    updated_by: null,
    deleted_at: null,
  };
  const n = (x: number) => Math.round(x * scale);
  const orgs = Array.from({ length: n(10_000) }, (_, i) => ({
    ...base,
    id: uuidv7(),
    name: `${pick(WORDS)} ${pick(WORDS)} ${i}`,
    is_principal: i < n(200),
    is_distributor: i >= n(200) && i < n(500),
    is_customer: i >= n(500),
    segment: pick(['Restaurant', 'Deli', 'Hotel', 'School']),
    phone: null,
    email: null,
    website: null,
    address_line: null,
    city: pick(['Austin', 'Dallas', 'Reno']),
    region: null,
    postal_code: null,
    country: null,
    notes: null,
    account_manager_id: null,
    last_interaction_at: null,
  }));
  const principals = orgs.slice(0, n(200));
  const customers = orgs.slice(n(500));
  const contacts = Array.from({ length: n(20_000) }, (_, i) => ({
    ...base,
    id: uuidv7(),
    organization_id: pick(customers).id,
    first_name: `First${i}`,
    last_name: `Last${i % 5000}`,
    title: null,
    email: `c${i}@example.com`,
    phone: null,
    advocacy_status: 'Neutral',
    is_key_contact: false,
    notes: null,
    last_interaction_at: null,
  }));
  const products = Array.from({ length: n(2_000) }, (_, i) => ({
    ...base,
    id: uuidv7(),
    principal_id: pick(principals).id,
    name: `Product ${i} ${pick(WORDS)}`,
    sku: null,
    category: pick(WORDS),
    description: null,
  }));
  const opportunities = Array.from({ length: n(10_000) }, (_, i) => ({
    ...base,
    id: uuidv7(),
    name: `Opportunity ${i}`,
    organization_id: pick(customers).id,
    primary_contact_id: pick(contacts).id,
    distributor_id: null,
    owner_id: null,
    stage: pick(OPPORTUNITY_STAGES),
    context: null,
    notes: null,
    stage_changed_at: at(r() * 90),
    last_interaction_at: null,
    deleted_at: r() < 0.03 ? at(5) : null,
  }));
  const seen = new Set<string>();
  const links = [];
  for (let i = 0; i < n(15_000); i++) {
    const o = pick(opportunities).id;
    const p = pick(products).id;
    if (seen.has(o + p)) continue;
    seen.add(o + p);
    links.push({ ...base, id: uuidv7(), opportunity_id: o, product_id: p, notes: null });
  }
  const interactions = Array.from({ length: n(100_000) }, (_, i) => {
    const fu = r() < 0.2;
    return {
      ...base,
      id: uuidv7(),
      interaction_type: pick(INTERACTION_TYPES),
      interaction_date: at(r() * 120),
      notes: Array.from({ length: 28 }, () => pick(WORDS))
        .join(' ')
        .slice(0, 200),
      sentiment: 'Neutral',
      contact_id: pick(contacts).id,
      opportunity_id: r() < 0.8 ? pick(opportunities).id : null,
      organization_id: pick(customers).id,
      follow_up_required: fu,
      follow_up_date: fu ? at(r() * 20 - 10).slice(0, 10) : null,
      follow_up_done_at: null,
      // Dealt by position, not drawn: the random sequence (and every other figure) stays as it was.
      follow_up_assignee_id: fu && assignees.length ? assignees[i % assignees.length]! : null,
      follow_up_time: null,
      deleted_at: r() < 0.02 ? at(1) : null,
    };
  });
  // interaction_principals as the server holds them: derived links of the interactions on live
  // opportunities (one per principal of the deal's products), and a principal chosen on about
  // two thirds of the interactions without a deal.
  const dealPrincipals = new Map<string, Set<string>>();
  const productPrincipal = new Map(products.map((p) => [p.id, p.principal_id]));
  for (const l of links) {
    const set = dealPrincipals.get(l.opportunity_id) ?? new Set<string>();
    set.add(productPrincipal.get(l.product_id)!);
    dealPrincipals.set(l.opportunity_id, set);
  }
  const liveDeal = new Set(opportunities.filter((o) => o.deleted_at === null).map((o) => o.id));
  const interactionPrincipals = interactions.flatMap((i) => {
    const link = (principal_id: string, source: 'derived' | 'chosen') => ({
      ...base,
      id: uuidv7(),
      interaction_id: i.id,
      principal_id,
      source,
    });
    if (i.opportunity_id)
      return liveDeal.has(i.opportunity_id)
        ? [...(dealPrincipals.get(i.opportunity_id) ?? [])].map((p) => link(p, 'derived'))
        : [];
    return r() < 0.66 ? [link(pick(principals).id, 'chosen')] : [];
  });
  // opportunity_principals as the server's triggers keep them (0004): one live row per pair of a
  // deal and a principal of its products (no random draw: the other figures stay as they were).
  const opportunityPrincipals = [...dealPrincipals].flatMap(([opportunity_id, set]) =>
    [...set].map((principal_id) => ({ ...base, id: uuidv7(), opportunity_id, principal_id })),
  );
  return {
    organizations: orgs,
    contacts,
    products,
    opportunities,
    opportunity_products: links,
    opportunity_principals: opportunityPrincipals,
    interactions,
    interaction_principals: interactionPrincipals,
  };
}
