/**
 * The book of business: principals with their products, distributors, and
 * customers, each with its people. Customers get a "size" so that, as in real
 * life, a few big accounts carry many contacts and deals and most carry one.
 */
import { DISTRIBUTORS, PRINCIPALS, type PrincipalEntry } from './catalog.ts';
import { DISTRIBUTOR_TITLES, FIRST_NAMES, LAST_NAMES, PRINCIPAL_TITLES } from './people.ts';
import { MANUFACTURER_CITIES, STREETS } from './places.ts';
import { CUSTOMER_SEGMENTS, type CustomerSegment } from './customers.ts';
import { NameBook, phoneNumber, slug } from './naming.ts';
import { ADVOCACY_STATUSES } from '../../sync/schema/index.ts';
import {
  type ContactRow,
  type GenContext,
  type OrganizationRow,
  type ProductRow,
  type Sizes,
} from './model.ts';
import { productsFor } from './products.ts';
import { apportion } from './random.ts';
import { pickSeller } from './tenancy.ts';

export interface Account {
  org: OrganizationRow;
  contacts: ContactRow[];
  /** Relative size: how many contacts and opportunities it attracts. */
  size: number;
}
export interface PrincipalAccount extends Account {
  entry: PrincipalEntry;
  products: ProductInfo[];
}
export interface CustomerAccount extends Account {
  segment: CustomerSegment;
}
export interface ProductInfo {
  row: ProductRow;
  item: string;
  principal: PrincipalAccount;
}
export interface Accounts {
  principals: PrincipalAccount[];
  distributors: Account[];
  customers: CustomerAccount[];
}

const CONTACT_NOTES = [
  'Prefers email; reads it after service.',
  'Best reached before 10 am, before prep starts.',
  'Big on clean-label and scratch cooking.',
  'Decides with the GM; loop both in.',
  "Came up through our distributor's culinary team.",
  'Allergy-conscious menu: needs full spec sheets.',
  'Attends the spring food show every year.',
  'Budget resets in July.',
] as const;

function address(ctx: GenContext, place: { city: string; region: string; zip: string }) {
  return {
    address_line: `${ctx.rng.int(10, 9899)} ${ctx.rng.pick(STREETS)}`,
    city: place.city,
    region: place.region,
    postal_code: `${place.zip}${String(ctx.rng.int(1, 99)).padStart(2, '0')}`,
    country: 'US',
  };
}

function organization(
  ctx: GenContext,
  fields: Pick<
    OrganizationRow,
    'name' | 'is_principal' | 'is_distributor' | 'segment' | 'notes'
  > & {
    place: { city: string; region: string; zip: string };
    manager: string;
    withEmail: boolean;
    withWebsite: boolean;
  },
): OrganizationRow {
  const domain = `${slug(fields.name)}.example`;
  return {
    id: ctx.id(),
    workspace_id: ctx.workspaceId,
    name: fields.name,
    is_principal: fields.is_principal,
    is_distributor: fields.is_distributor,
    segment: fields.segment,
    phone: ctx.rng.chance(0.9) ? phoneNumber(ctx.rng) : null,
    email: fields.withEmail
      ? `${fields.is_principal ? 'foodservice' : fields.is_distributor ? 'orders' : 'info'}@${domain}`
      : null,
    website: fields.withWebsite ? `https://www.${domain}` : null,
    ...address(ctx, fields.place),
    notes: fields.notes,
    account_manager_id: fields.manager,
    actor: fields.manager,
    deleted_at: null,
  };
}

function contactsFor(
  ctx: GenContext,
  account: Account,
  count: number,
  titles: readonly string[],
): void {
  const { rng } = ctx;
  const domain = `${slug(account.org.name)}.example`;
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const advocacy =
      account.org.is_principal || account.org.is_distributor
        ? rng.weighted([
            ['Champion', 3],
            ['Supporter', 5],
            ['Neutral', 3],
            ['Skeptic', 1],
          ] as const)
        : rng.weighted([
            ['Champion', 12],
            ['Supporter', 25],
            ['Neutral', 40],
            ['Skeptic', 15],
            ['Blocker', 8],
          ] as const);
    account.contacts.push({
      id: ctx.id(),
      workspace_id: ctx.workspaceId,
      organization_id: account.org.id,
      first_name: first,
      last_name: last,
      // The first person at an account is its main buyer or chef; others vary.
      title: i === 0 ? (titles[0] as string) : rng.pick(titles),
      email: rng.chance(0.85)
        ? `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`
        : null,
      phone: rng.chance(0.75) ? phoneNumber(rng) : null,
      advocacy_status: advocacy,
      is_key_contact: rng.chance(i === 0 ? 0.6 : 0.1),
      notes: rng.chance(0.3) ? rng.pick(CONTACT_NOTES) : null,
      actor: account.org.account_manager_id,
      deleted_at: null,
    });
  }
}

export function generateAccounts(ctx: GenContext, sizes: Sizes): Accounts {
  const { rng, team, territory } = ctx;
  const rngProducts = rng.fork('products');

  const principals: PrincipalAccount[] = PRINCIPALS.slice(0, sizes.principals).map((entry) => {
    const manager = rng.chance(0.7) ? team.manager : team.owner;
    const since = rng.int(2008, 2023);
    const org = organization(ctx, {
      name: entry.name,
      is_principal: true,
      is_distributor: false,
      segment: `Manufacturer - ${entry.category}`,
      notes: `Principal since ${since}. ${entry.category} line; our agreement covers the ${territory.name} territory.`,
      place: rng.pick(MANUFACTURER_CITIES),
      manager,
      withEmail: true,
      withWebsite: true,
    });
    return { org, entry, contacts: [], products: [], size: 0.5 + rng.next() * 1.5 };
  });

  const distributors: Account[] = DISTRIBUTORS.slice(0, sizes.distributors).map((d, i) => ({
    org: organization(ctx, {
      name: d.name,
      is_principal: false,
      is_distributor: true,
      segment: d.segment,
      notes: rng.pick([
        'Order cutoff 2 pm for next-day delivery.',
        'New items need a sales history from two accounts before they stock them.',
        'Food show twice a year (spring and fall).',
        null,
      ]),
      place: rng.pick(territory.cities),
      manager: rng.chance(0.6) ? team.manager : team.owner,
      withEmail: true,
      withWebsite: true,
    }),
    contacts: [],
    // Broadline houses carry most of the volume.
    size: i < 3 ? 3 : 1,
  }));

  const names = new NameBook();
  const segmentWeights = CUSTOMER_SEGMENTS.map((s) => [s, s.weight] as const);
  const customers: CustomerAccount[] = [];
  for (let i = 0; i < sizes.customers; i++) {
    const segment = rng.weighted(segmentWeights);
    const place = rng.pick(territory.cities);
    const name = names.take(rng, () => segment.name(rng, place.city));
    const org = organization(ctx, {
      name,
      is_principal: false,
      is_distributor: false,
      segment: segment.segment,
      notes: rng.chance(0.25)
        ? rng.pick([
            'Receiving dock closes at 1 pm.',
            'Menu changes quarterly.',
            'Uses a GPO contract.',
            'Owner is hands-on; talk to them first.',
            'Bids annually in March.',
          ])
        : null,
      place,
      manager: pickSeller(rng, team),
      withEmail: rng.chance(0.4),
      withWebsite: rng.chance(0.6),
    });
    // Heavy tail: most accounts are small, a few are large.
    customers.push({ org, segment, contacts: [], size: 0.3 + rng.next() ** 3 * 4 });
  }

  // Contacts: principals and distributors first (a broker always knows its partners), then customers.
  const P = principals.length;
  const D = distributors.length;
  const C = customers.length;
  const tier = sizes.contacts >= 2 * P + 3 * D + C ? 2 : sizes.contacts >= P + D + C ? 1 : 0;
  for (const p of principals) contactsFor(ctx, p, tier === 2 ? 2 : tier, PRINCIPAL_TITLES);
  for (const d of distributors) contactsFor(ctx, d, tier === 2 ? 3 : tier, DISTRIBUTOR_TITLES);
  const partnerContacts =
    principals.reduce((s, p) => s + p.contacts.length, 0) +
    distributors.reduce((s, d) => s + d.contacts.length, 0);
  const perCustomer = apportion(
    rng,
    customers.map((c) => c.size),
    Math.max(0, sizes.contacts - partnerContacts),
    1,
  );
  customers.forEach((c, i) => contactsFor(ctx, c, perCustomer[i] ?? 0, c.segment.titles));

  // Every advocacy status and a key contact show up, whatever the draws did.
  const customerContacts = customers.flatMap((c) => c.contacts);
  ADVOCACY_STATUSES.forEach((status, i) => {
    const contact = customerContacts[i];
    if (contact) contact.advocacy_status = status;
  });
  if (customerContacts[0]) customerContacts[0].is_key_contact = true;

  // Products: spread over principals, every principal carrying at least one.
  const perPrincipal = apportion(
    rngProducts,
    principals.map((p) => p.size),
    sizes.products,
    1,
  );
  principals.forEach((p, i) => {
    const initials = p.entry.brand.replace(/[^A-Z]/g, '').slice(0, 3) || 'PR';
    for (const spec of productsFor(
      rngProducts,
      p.entry.brand,
      p.entry.category,
      perPrincipal[i] ?? 0,
    )) {
      p.products.push({
        item: spec.item,
        principal: p,
        row: {
          id: ctx.id(),
          workspace_id: ctx.workspaceId,
          principal_id: p.org.id,
          name: spec.name,
          sku: `${initials}-${rngProducts.int(10000, 99999)}`,
          category: spec.category,
          description: spec.description,
          actor: p.org.account_manager_id,
          deleted_at: null,
        },
      });
    }
  });

  return { principals, distributors, customers };
}
