/**
 * Opportunities and the products on them. Each opportunity also gets a
 * timeline (first and last day of activity, in days before the anchor) that
 * the interaction generator fills: open deals are still being worked, closed
 * ones went quiet some time ago.
 */
import type { Account, Accounts, CustomerAccount, ProductInfo } from './accounts.ts';
import {
  CHOOSABLE_CLOSE_REASONS,
  CLOSED_STAGES,
  OPPORTUNITY_STAGES,
  needsCloseReason,
  type OpportunityStage,
} from '../../sync/schema/index.ts';
import type { GenContext, OpportunityProductRow, OpportunityRow } from './model.ts';
import { DAY_MS, isoTimestamp } from './dates.ts';
import { fill } from './notes.ts';
import { apportion } from './random.ts';
import { pickSeller } from './tenancy.ts';

export interface OpportunityInfo {
  row: OpportunityRow;
  customer: CustomerAccount;
  products: ProductInfo[];
  distributor: Account | null;
  /** Days before the anchor of the first and the last interaction. */
  startDay: number;
  endDay: number;
  /** Relative number of interactions it gets. */
  weight: number;
}

const STAGE_WEIGHTS: Record<OpportunityStage, { share: number; activity: number }> = {
  'New Lead': { share: 10, activity: 1 },
  'Initial Outreach': { share: 12, activity: 2 },
  'Sample/Visit Offered': { share: 12, activity: 3 },
  'Awaiting Response': { share: 10, activity: 3 },
  'Feedback Logged': { share: 9, activity: 4 },
  'Demo Scheduled': { share: 7, activity: 4 },
  'Closed - Won': { share: 18, activity: 6 },
  'Closed - Stalled': { share: 12, activity: 4 },
  'Closed - No Fit': { share: 10, activity: 2 },
};

const CONTEXTS = [
  ['Food Show', 18],
  ['Cold Call', 14],
  ['Distributor Referral', 14],
  ['Existing Account', 20],
  ['Principal Lead', 10],
  ['Menu Change', 10],
  ['Bid / RFP', 6],
  ['Customer Request', 8],
] as const;

const OPPORTUNITY_NOTES = [
  'Came out of the {principal} booth at the {distributor} food show.',
  'Referred by the {distributor} DSR.',
  'Replacing a competitor item after their price increase.',
  'Menu refresh for the new season; chef wants scratch-quality with less labor.',
  'Volume account - worth a custom sample kit.',
  'Needs K-12 compliant specs and CN labels before they can bid it.',
  'Chef is loyal to the incumbent brand; lead with a cut-in.',
] as const;

function timeline(ctx: GenContext, stage: OpportunityStage): { startDay: number; endDay: number } {
  const { rng } = ctx;
  if ((CLOSED_STAGES as readonly OpportunityStage[]).includes(stage)) {
    const startDay = rng.int(30, 365);
    return { startDay, endDay: Math.max(1, startDay - rng.int(10, 150)) };
  }
  if (stage === 'New Lead') {
    const startDay = rng.int(1, 60);
    return { startDay, endDay: Math.max(1, startDay - rng.int(0, 10)) };
  }
  const startDay = rng.int(14, 365);
  // Most open deals were touched recently; some have gone stale.
  const endDay = rng.chance(0.8) ? rng.int(1, 21) : rng.int(22, 120);
  return { startDay, endDay: Math.min(startDay, endDay) };
}

export interface Pipeline {
  opportunities: OpportunityInfo[];
  opportunityProducts: OpportunityProductRow[];
}

export function generatePipeline(ctx: GenContext, accounts: Accounts, count: number): Pipeline {
  const { rng, team } = ctx;
  const principals = accounts.principals.filter((p) => p.products.length > 0);
  const principalWeights = principals.map((p) => [p, p.size] as const);
  const distributorWeights = accounts.distributors.map((d) => [d, d.size] as const);
  const stageWeights = OPPORTUNITY_STAGES.map((s) => [s, STAGE_WEIGHTS[s].share] as const);

  // Big accounts get several deals; grouping a customer's deals together also
  // keeps the interaction batches local (see write.ts).
  const perCustomer = apportion(
    rng,
    accounts.customers.map((c) => c.size),
    count,
    0,
  );
  const opportunities: OpportunityInfo[] = [];
  const opportunityProducts: OpportunityProductRow[] = [];
  accounts.customers.forEach((customer, ci) => {
    for (let k = 0; k < (perCustomer[ci] ?? 0); k++) {
      const n = opportunities.length;
      // The first nine cover every stage, so the pipeline board is never missing a column.
      const stage: OpportunityStage =
        n < OPPORTUNITY_STAGES.length
          ? (OPPORTUNITY_STAGES[n] as OpportunityStage)
          : rng.weighted(stageWeights);
      const owner = rng.chance(0.7) ? customer.org.account_manager_id : pickSeller(rng, team);
      const distributor =
        accounts.distributors.length > 0 && rng.chance(0.8)
          ? rng.weighted(distributorWeights)
          : null;
      const chosen =
        principals.length === 0
          ? []
          : rng.chance(0.8) || principals.length === 1
            ? [rng.weighted(principalWeights)]
            : rng.sample(principals, 2);
      const products = chosen.flatMap((p) => rng.sample(p.products, rng.chance(0.7) ? 1 : 2));
      const lead = products[0];
      const contact = customer.contacts.find((c) => c.is_key_contact) ?? customer.contacts[0];
      const id = ctx.id();
      const row: OpportunityRow = {
        id,
        workspace_id: ctx.workspaceId,
        name: `${customer.org.name} - ${lead ? lead.item : 'line review'}${products.length > 1 ? ` +${products.length - 1}` : ''}`.slice(
          0,
          200,
        ),
        organization_id: customer.org.id,
        primary_contact_id: contact && rng.chance(0.9) ? contact.id : null,
        distributor_id: distributor ? distributor.org.id : null,
        owner_id: owner,
        stage,
        context: rng.weighted(CONTEXTS),
        notes: rng.chance(0.6)
          ? fill(rng.pick(OPPORTUNITY_NOTES), {
              principal: lead?.principal.org.name,
              distributor: distributor?.org.name,
            })
          : null,
        // Spread over the reasons by position, not drawn: the random stream (and so every seeded name) stays as it was.
        close_reason: needsCloseReason(stage) ? CHOOSABLE_CLOSE_REASONS[n % CHOOSABLE_CLOSE_REASONS.length]! : null,
        actor: owner,
        deleted_at: null,
      };
      const activity = STAGE_WEIGHTS[stage].activity * (0.5 + rng.next());
      opportunities.push({
        row,
        customer,
        products,
        distributor,
        weight: activity,
        ...timeline(ctx, stage),
      });
      for (const product of products) {
        opportunityProducts.push({
          id: ctx.id(),
          workspace_id: ctx.workspaceId,
          opportunity_id: id,
          product_id: product.row.id,
          notes: rng.chance(0.2)
            ? rng.pick(['Lead item', 'Samples sent', 'Pricing requested', 'Backup option'])
            : null,
          actor: owner,
          deleted_at: null,
        });
      }
    }
  });

  // Some new leads were entered twice and the duplicate sits in the trash (with
  // its few interactions); never one of the nine that put every stage on the board.
  for (const opp of opportunities.slice(OPPORTUNITY_STAGES.length)) {
    if (opp.row.stage === 'New Lead' && rng.chance(0.12)) {
      const lastActivity = ctx.anchor.workTime(opp.endDay, rng.int(0, 599));
      opp.row.deleted_at = isoTimestamp(
        Math.min(lastActivity + rng.int(1, 7) * DAY_MS, ctx.anchor.ms - 60_000),
      );
    }
  }
  return { opportunities, opportunityProducts };
}
