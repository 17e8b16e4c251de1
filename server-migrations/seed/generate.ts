/**
 * Builds every row of one workspace from (seed, workspace index, sizes,
 * anchor). Pure: no database, no clock, no Math.random, so the same inputs give
 * the same rows byte for byte. Each concern draws from its own forked stream,
 * so e.g. asking for more interactions does not rename the customers.
 */
import { generateAccounts, type Accounts } from './accounts.ts';
import { DAY_MS, isoTimestamp, type Anchor } from './dates.ts';
import { generateInteractions } from './interactions.ts';
import { generateInteractionPrincipals } from './interaction-principals.ts';
import type { GenContext, Sizes, WorkspacePlan } from './model.ts';
import { generatePipeline } from './pipeline.ts';
import { Rng, uuidV7Factory } from './random.ts';
import { generateTenancy, territoryFor, type Tenancy } from './tenancy.ts';

/** 2024-01-01T00:00:00Z: the fixed time base of the UUIDv7 ids (see random.ts). */
const ID_EPOCH_MS = Date.UTC(2024, 0, 1);

function streams(seed: string, index: number, reps: number) {
  const root = new Rng(`pantry-seed:${seed}:ws${index}`);
  // One id stream per workspace, a day of "timestamp" apart, so ids never collide between workspaces.
  const id = uuidV7Factory(root.fork('ids'), ID_EPOCH_MS + (index - 1) * DAY_MS);
  // The team is generated first from its own stream, so its ids do not depend on the sizes.
  return { root, id, tenancy: generateTenancy(root.fork('tenancy'), id, index, reps) };
}

/** The workspace and its users alone (cheap): what the pre-flight check needs to know. */
export function workspaceTenancy(seed: string, index: number, reps: number): Tenancy {
  return streams(seed, index, reps).tenancy;
}

export function generateWorkspace(
  seed: string,
  index: number,
  sizes: Sizes,
  anchor: Anchor,
): WorkspacePlan {
  const { root, id, tenancy } = streams(seed, index, sizes.reps);
  const base = {
    id,
    anchor,
    workspaceId: tenancy.workspace.id,
    territory: territoryFor(index),
    team: tenancy.team,
  };
  const ctx = (name: string): GenContext => ({ ...base, rng: root.fork(name) });

  const accounts = generateAccounts(ctx('accounts'), sizes);
  const pipeline = generatePipeline(ctx('pipeline'), accounts, sizes.opportunities);
  trashUnusedRecords(
    ctx('trash'),
    accounts,
    new Set(
      pipeline.opportunities.flatMap((o) => [
        o.row.organization_id,
        o.row.primary_contact_id ?? '',
      ]),
    ),
    new Set(pipeline.opportunityProducts.map((p) => p.product_id)),
  );
  const interactions = generateInteractions(
    ctx('interactions'),
    accounts,
    pipeline.opportunities,
    sizes.interactions,
  );

  const rows = {
    organizations: [
      ...accounts.principals.map((p) => p.org),
      ...accounts.distributors.map((d) => d.org),
      ...accounts.customers.map((c) => c.org),
    ],
    contacts: [
      ...accounts.principals.flatMap((p) => p.contacts),
      ...accounts.distributors.flatMap((d) => d.contacts),
      ...accounts.customers.flatMap((c) => c.contacts),
    ],
    products: accounts.principals.flatMap((p) => p.products.map((x) => x.row)),
    opportunities: pipeline.opportunities.map((o) => o.row),
    opportunityProducts: pipeline.opportunityProducts,
    interactions,
  };
  return {
    index,
    workspace: tenancy.workspace,
    users: tenancy.users,
    members: tenancy.members,
    ...rows,
    interactionPrincipals: generateInteractionPrincipals(ctx('interaction-principals'), rows),
  };
}

/**
 * The trash is part of a realistic CRM: a few customers that never became a
 * deal (with their people), a few contacts who moved on, a few discontinued
 * products. Only records nothing live depends on, so no live deal points at a
 * deleted account, contact or product.
 */
function trashUnusedRecords(
  ctx: GenContext,
  accounts: Accounts,
  usedIds: Set<string>,
  usedProducts: Set<string>,
): void {
  const { rng, anchor } = ctx;
  const when = () => isoTimestamp(anchor.workTime(rng.int(1, 300), rng.int(0, 599)));
  // The first five customer contacts carry the five advocacy statuses (see accounts.ts): they stay live.
  const customerContacts = accounts.customers.flatMap((c) => c.contacts);
  const keep = new Set(customerContacts.slice(0, 5).map((c) => c.id));
  for (const c of accounts.customers) {
    if (usedIds.has(c.org.id) || c.contacts.some((x) => keep.has(x.id)) || !rng.chance(0.08))
      continue;
    c.org.deleted_at = when();
    for (const contact of c.contacts) contact.deleted_at = c.org.deleted_at;
  }
  for (const contact of customerContacts) {
    if (
      contact.deleted_at === null &&
      !usedIds.has(contact.id) &&
      !keep.has(contact.id) &&
      rng.chance(0.02)
    ) {
      contact.deleted_at = when();
    }
  }
  for (const p of accounts.principals) {
    for (const product of p.products.slice(1)) {
      if (!usedProducts.has(product.row.id) && rng.chance(0.05)) product.row.deleted_at = when();
    }
  }
}
