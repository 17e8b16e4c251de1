/** A small broker's world made through the commands, then "synced" (outbox confirmed), for tests. */
import * as c from '../index.ts';
import type { TestCore } from './test-support.ts';

export interface Graph {
  principal: string;
  principal2: string;
  distributor: string;
  customer: string;
  customer2: string;
  contact: string;
  product: string;
  product2: string;
  opportunity: string;
  interaction: string;
  plainInteraction: string;
}

export function seedGraph(core: TestCore, options: { sync?: boolean } = {}): Graph {
  const ctx = core.ctx;
  const org = (input: Record<string, unknown>) => c.createOrganization(ctx, input).id;
  const principal = org({
    name: 'Saucy Foods',
    is_principal: true,
    city: 'Austin',
    website: 'https://www.saucyfoods.com/about',
  });
  const principal2 = org({ name: 'Crunch Co', is_principal: true });
  const distributor = org({ name: 'Sysco North', is_distributor: true });
  const customer = org({
    name: 'Elm Street Bistro',
    segment: 'Restaurant',
    phone: '(512) 555-0100',
    email: 'hello@elmbistro.com',
  });
  const customer2 = org({ name: 'Harbor Grill', segment: 'Restaurant' });
  const contact = c.createContact(ctx, {
    organization_id: customer,
    first_name: 'Dana',
    last_name: 'Chef',
    email: 'dana@elmbistro.com',
  }).id;
  const product = c.createProduct(ctx, {
    principal_id: principal,
    name: 'Smoky Chipotle Sauce',
    category: 'Sauces',
  }).id;
  const product2 = c.createProduct(ctx, {
    principal_id: principal2,
    name: 'Kettle Chips',
    category: 'Snacks',
  }).id;
  const opportunity = c.createOpportunity(ctx, {
    name: 'Bistro sauce trial',
    organization_id: customer,
    primary_contact_id: contact,
    distributor_id: distributor,
  }).id;
  c.addOpportunityProduct(ctx, { opportunity_id: opportunity, product_id: product });
  const interaction = c.logInteraction(ctx, {
    interaction_type: 'Phone Call',
    notes: 'Chef liked the chipotle sample',
    contact_id: contact,
    opportunity_id: opportunity,
    follow_up_date: '2026-03-04',
  }).id;
  const plainInteraction = c.logInteraction(ctx, {
    interaction_type: 'Note',
    notes: 'Menu changes in spring',
    organization_id: customer2,
  }).id;
  if (options.sync ?? true) core.syncAll();
  return {
    principal,
    principal2,
    distributor,
    customer,
    customer2,
    contact,
    product,
    product2,
    opportunity,
    interaction,
    plainInteraction,
  };
}
