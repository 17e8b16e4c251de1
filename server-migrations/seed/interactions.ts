/**
 * A year of interactions before the anchor: most on opportunities (along each
 * deal's timeline), the rest with contacts and accounts directly, including
 * the broker's own principals and distributors. Follow-ups land in every state
 * a rep sees on the dashboard: overdue, due today, upcoming and done.
 */
import type { Account, Accounts, CustomerAccount, ProductInfo } from './accounts.ts';
import { isoTimestamp } from './dates.ts';
import {
  ensureCoverage,
  scheduleFollowUps,
  trashSome,
  writeNotes,
  type Draft,
} from './interaction-rules.ts';
import {
  SENTIMENTS,
  type InteractionType,
  type OpportunityStage,
  type Sentiment,
} from '../../sync/schema/index.ts';
import type { ContactRow, GenContext, InteractionRow } from './model.ts';
import type { NoteContext } from './notes.ts';
import type { OpportunityInfo } from './pipeline.ts';
import { apportion, type Rng } from './random.ts';

/*
 * Who logs what: everything about a customer account is logged by its account
 * manager (account-based selling, the common broker setup), and the work with a
 * principal or distributor by whoever manages that relationship. A deal's owner
 * may still be someone else (a manager owning a key deal the rep works).
 * One author per account is also what keeps the writer fast (see write.ts).
 */

const TYPE_WEIGHTS = [
  ['Email', 22],
  ['Phone Call', 25],
  ['Meeting', 15],
  ['Demo/sampled', 12],
  ['Follow-up', 16],
  ['Note', 10],
] as const;
const PARTNER_TYPES = [
  ['Meeting', 4],
  ['Phone Call', 4],
  ['Email', 4],
  ['Note', 1],
] as const;
const CLOSING: Partial<Record<OpportunityStage, Draft['closing']>> = {
  'Closed - Won': 'won',
  'Closed - Stalled': 'stalled',
  'Closed - No Fit': 'noFit',
};

function sentimentFor(rng: Rng, stage: OpportunityStage | null): Sentiment {
  const w: readonly [number, number, number] =
    stage === 'Closed - Won'
      ? [60, 35, 5]
      : stage === 'Closed - Stalled'
        ? [15, 50, 35]
        : stage === 'Closed - No Fit'
          ? [10, 40, 50]
          : stage === null
            ? [35, 55, 10]
            : [40, 45, 15];
  return rng.weighted(SENTIMENTS.map((s, i) => [s, w[i] as number] as const));
}

const live = (rows: ContactRow[]) => rows.filter((c) => c.deleted_at === null);

/** "the food service director" when nobody in particular was on the other end. */
function someone(customer: CustomerAccount): string {
  return `the ${(customer.segment.titles[0] ?? 'buyer').toLowerCase()}`;
}

export function generateInteractions(
  ctx: GenContext,
  accounts: Accounts,
  opportunities: OpportunityInfo[],
  total: number,
): InteractionRow[] {
  const { rng, anchor } = ctx;
  const drafts: Draft[] = [];
  const allProducts: ProductInfo[] = accounts.principals.flatMap((p) =>
    p.products.filter((x) => x.row.deleted_at === null),
  );
  const distributorWeights = accounts.distributors.map((d) => [d, d.size] as const);
  const anyDistributor = () =>
    distributorWeights.length ? rng.weighted(distributorWeights) : null;

  // Accounts numbered in generation order, for the writer's grouping (see InteractionRow.locality).
  const localities = new Map<Account, number>();
  const locality = (a: Account): number => {
    let n = localities.get(a);
    if (n === undefined) localities.set(a, (n = localities.size));
    return n;
  };

  function add(
    d: Omit<Draft, 'row' | 'at'> & {
      type: InteractionType;
      sentiment: Sentiment;
      author: string;
      account: Account;
      contactId: string | null;
      opportunityId: string | null;
      organizationId: string | null;
    },
  ): Draft {
    const at = anchor.workTime(d.day, rng.int(0, 599));
    const draft: Draft = {
      day: d.day,
      at,
      kind: d.kind,
      note: d.note,
      closing: d.closing,
      openTail: d.openTail,
      row: {
        id: ctx.id(),
        workspace_id: ctx.workspaceId,
        interaction_type: d.type,
        interaction_date: isoTimestamp(at),
        notes: '',
        sentiment: d.sentiment,
        contact_id: d.contactId,
        opportunity_id: d.opportunityId,
        organization_id: d.organizationId,
        follow_up_required: false,
        follow_up_date: null,
        follow_up_done_at: null,
        actor: d.author,
        deleted_at: null,
        locality: locality(d.account),
      },
    };
    drafts.push(draft);
    return draft;
  }

  // 1. Along each deal's timeline, oldest first; the last touch is on its end day.
  const onOpportunities = opportunities.length ? Math.round(total * 0.85) : 0;
  const perOpportunity = apportion(
    rng,
    opportunities.map((o) => o.weight),
    onOpportunities,
    1,
  );
  opportunities.forEach((opp, i) => {
    const k = perOpportunity[i] ?? 0;
    const days = [
      opp.endDay,
      ...Array.from({ length: Math.max(0, k - 1) }, () => rng.int(opp.endDay, opp.startDay)),
    ];
    days.sort((a, b) => b - a);
    const contacts = live(opp.customer.contacts);
    const primary = contacts.find((c) => c.id === opp.row.primary_contact_id);
    days.slice(0, k).forEach((day, j) => {
      const last = j === k - 1;
      const closing = last ? CLOSING[opp.row.stage] : undefined;
      const r = rng.next();
      const contact =
        primary && r < 0.7 ? primary : contacts.length && r < 0.9 ? rng.pick(contacts) : null;
      const product = opp.products.length ? rng.pick(opp.products) : null;
      const product2 =
        opp.products.find((p) => p !== product) ??
        (product ? rng.pick(product.principal.products) : null);
      const draft = add({
        day,
        kind: 'customer',
        closing,
        openTail: last && !closing,
        type: closing
          ? rng.pick(['Email', 'Phone Call', 'Meeting'] as const)
          : rng.weighted(TYPE_WEIGHTS),
        sentiment:
          closing === 'won'
            ? 'Positive'
            : closing === 'noFit'
              ? 'Negative'
              : closing === 'stalled'
                ? rng.pick(['Neutral', 'Negative'] as const)
                : sentimentFor(rng, opp.row.stage),
        author: opp.customer.org.account_manager_id,
        account: opp.customer,
        contactId: contact?.id ?? null,
        opportunityId: opp.row.id,
        organizationId: null,
        note: {
          contact: contact?.first_name ?? someone(opp.customer),
          org: opp.customer.org.name,
          product: product?.item,
          product2: product2 !== product ? product2?.item : undefined,
          principal: product?.principal.org.name,
          distributor: (opp.distributor ?? anyDistributor())?.org.name,
          territory: ctx.territory.name,
          cases: String(rng.int(2, 40)),
        },
      });
      // A deal in the trash takes its history with it, at the same moment.
      if (opp.row.deleted_at) draft.row.deleted_at = opp.row.deleted_at;
    });
  });

  // 2. Everything else: check-ins with customers, and the work with principals and distributors.
  const customers = accounts.customers.filter((c) => c.org.deleted_at === null);
  const withContacts = customers.filter((c) => live(c.contacts).length > 0);
  const principals = accounts.principals.filter((p) => p.contacts.length > 0);
  const distributors = accounts.distributors.filter((d) => d.contacts.length > 0);
  for (let n = drafts.length; n < total; n++) {
    const day = rng.int(1, 365);
    const product = allProducts.length ? rng.pick(allProducts) : null;
    const base: NoteContext = {
      product: product?.item,
      product2: product ? rng.pick(product.principal.products).item : undefined,
      principal: product?.principal.org.name,
      territory: ctx.territory.name,
      cases: String(rng.int(2, 40)),
    };
    const r = rng.next();
    const partner: Account | null =
      r < 0.12 && principals.length
        ? rng.pick(principals)
        : r < 0.3 && distributors.length
          ? rng.pick(distributors)
          : null;
    if (partner) {
      const contact = rng.pick(partner.contacts);
      add({
        day,
        kind: partner.org.is_principal ? 'principal' : 'distributor',
        openTail: false,
        type: rng.weighted(PARTNER_TYPES),
        sentiment: rng.weighted([
          ['Positive', 4],
          ['Neutral', 5],
          ['Negative', 1],
        ] as const),
        author: partner.org.account_manager_id,
        account: partner,
        contactId: contact.id,
        opportunityId: null,
        organizationId: null,
        note: {
          ...base,
          contact: contact.first_name,
          org: partner.org.name,
          principal: partner.org.is_principal ? partner.org.name : base.principal,
          distributor: partner.org.is_distributor ? partner.org.name : anyDistributor()?.org.name,
        },
      });
      continue;
    }
    const customer =
      r < 0.9 && withContacts.length
        ? rng.pick(withContacts)
        : customers.length
          ? rng.pick(customers)
          : null;
    if (!customer) break;
    const contact =
      live(customer.contacts).length && r < 0.9 ? rng.pick(live(customer.contacts)) : null;
    add({
      day,
      kind: 'customer',
      openTail: false,
      type: contact
        ? rng.weighted(TYPE_WEIGHTS)
        : rng.weighted([
            ['Note', 6],
            ['Meeting', 2],
            ['Phone Call', 2],
          ] as const),
      sentiment: sentimentFor(rng, null),
      author: customer.org.account_manager_id,
      account: customer,
      contactId: contact?.id ?? null,
      opportunityId: null,
      organizationId: contact ? null : customer.org.id,
      note: {
        ...base,
        contact: contact?.first_name ?? someone(customer),
        org: customer.org.name,
        distributor: anyDistributor()?.org.name,
      },
    });
  }

  // 3-6. Follow-ups, the trash, guaranteed coverage, then the notes (see interaction-rules.ts).
  scheduleFollowUps(rng, anchor, drafts);
  trashSome(rng, anchor, drafts);
  ensureCoverage(rng, anchor, drafts);
  writeNotes(rng, drafts);
  return drafts.map((d) => d.row);
}
