/**
 * Interaction notes that read like a rep typed them in the parking lot: short,
 * specific (who, which product, which distributor), with the next step when a
 * follow-up is set. Templates are keyed by who the interaction was with and by
 * type and sentiment; {placeholders} are filled from the interaction's records.
 */
import type { InteractionType, Sentiment } from '../../sync/schema/index.ts';
import type { Rng } from './random.ts';

/** Values a template may use; missing ones fall back to something generic. */
export interface NoteContext {
  contact?: string;
  org?: string;
  product?: string;
  product2?: string;
  principal?: string;
  distributor?: string;
  territory?: string;
  weekday?: string;
  cases?: string;
}

type Templates = Record<InteractionType, Record<Sentiment, readonly string[]>>;

/** With a customer (a restaurant, a district, a hospital...). */
const CUSTOMER: Templates = {
  Email: {
    Positive: [
      'Sent {contact} the spec sheet and case pricing for {product}. Quick reply: wants to run it as a weekend special.',
      '{contact} emailed back after the tasting. Team loved {product}; asked for the {distributor} item number.',
      'Emailed menu costing for {product}; {contact} says it pencils out under their target plate cost.',
    ],
    Neutral: [
      'Emailed {contact} nutrition facts and the allergen statement for {product}. No reply yet.',
      "Sent a recap of last week's visit with {principal} sell sheets attached.",
      'Forwarded the {principal} rebate program details to {contact} for review.',
      'Sent {contact} the {distributor} order guide page with {product} highlighted.',
    ],
    Negative: [
      '{contact} replied that their current supplier is locked in through the end of the contract year.',
      '{contact} says the price on {product} is too high vs. their current brand. Asked {principal} about a deviated price.',
      'Email to {contact} bounced; found a new address on their site and re-sent the {product} info.',
    ],
  },
  'Phone Call': {
    Positive: [
      'Called {contact}: they want {product} on the spring menu. Need {distributor} to stock it before the change.',
      'Quick call with {contact}, usage is up on {product} - roughly {cases} cases a week now.',
      'Talked to {contact}, the trial went well and they want to add {product2} too.',
    ],
    Neutral: [
      'Left voicemail for {contact} about scheduling a tasting of {product}.',
      'Talked with {contact} about menu changes coming next quarter. Send samples after the holidays.',
      'Called {contact} to confirm the {distributor} delivery day; they get trucks Tuesday and Friday.',
      'Phone tag with {contact}. Their office says the best time is after the lunch rush, around 2.',
    ],
    Negative: [
      '{contact} said they are cutting SKUs and {product} did not make the list.',
      'Reached {contact} - frustrated about a short ship from {distributor} last week. Promised to escalate.',
      '{contact} had a bad case of {product} (damaged in transit). Filing a credit with {distributor}.',
    ],
  },
  Meeting: {
    Positive: [
      'Met {contact} and the kitchen team. Walked through {product} and {product2}; strong interest, asked for a cost-per-serving breakdown.',
      'Menu planning session at {org}. {contact} wants {product} on the fall cycle menu.',
      'Sat down with {contact} and the {distributor} DSR; {product} is going on their order guide.',
    ],
    Neutral: [
      'Menu review with {contact}. Covered the {principal} line; they will decide after their {distributor} rep visit.',
      'Lunch meeting with {contact} and the {distributor} DSR to align on the order guide.',
      'Walked the kitchen with {contact}; they are short on freezer space, so frozen items are a tough sell.',
    ],
    Negative: [
      'Met with {contact}; the new GM wants to consolidate vendors. {principal} line on hold.',
      '{contact} cancelled halfway through - kitchen emergency. Reschedule.',
      'Meeting with {contact} went sideways: budget cuts, no new items until next fiscal year.',
    ],
  },
  'Demo/sampled': {
    Positive: [
      'Cut-in of {product} with {contact}: beat the incumbent on flavor and yield. Asked for a 2-week trial.',
      'Dropped samples of {product} for the team at {org} - everyone went back for seconds.',
      'Student taste test of {product}: 80% thumbs up. {contact} will put it on the menu.',
    ],
    Neutral: [
      'Left a sample case of {product}; {contact} will test it on the line this week.',
      'Sampled {product} and {product2} with {contact}. Liked both, needs to run numbers.',
      'Demo at {org} with the {principal} chef; good turnout, {contact} wants pricing through {distributor}.',
    ],
    Negative: [
      'Sampled {product} with {contact}; too salty for their taste and the portion cost came out high.',
      "Demo of {product} - {contact} liked it but the kids' panel was lukewarm.",
      'Samples of {product} arrived thawed; {contact} could not evaluate them. Re-ship.',
    ],
  },
  'Follow-up': {
    Positive: [
      'Followed up on the {product} trial; {contact} confirmed they will order through {distributor}.',
      'Checked in after the sampling: {contact} is ready to switch to {product}.',
    ],
    Neutral: [
      'Checked in with {contact} on the samples. Still testing; try again next {weekday}.',
      "Follow-up on the pricing question - sent {principal}'s updated price list.",
      'Followed up with {contact}; waiting on their dietitian to sign off on {product}.',
    ],
    Negative: [
      'Third follow-up with no response from {contact}. Will try the sous chef instead.',
      "Followed up: {contact} went with a competitor's {product}. Ask again at contract renewal.",
    ],
  },
  Note: {
    Positive: [
      '{contact} mentioned us to a peer at another account - possible referral.',
      '{org} posted a menu feature for {product} on social. Share with {principal}.',
    ],
    Neutral: [
      '{org} is switching broadline to {distributor} next month; update the order guide.',
      'Heard from the {distributor} DSR that {org} is renovating the kitchen; reach out in 6 weeks.',
      '{contact} prefers texts over email. Best days are Monday and Thursday.',
    ],
    Negative: [
      '{org} lost their executive chef; relationship needs rebuilding.',
      'Health inspection issues at {org} per the {distributor} rep; hold off on new items.',
    ],
  },
};

/** With the manufacturer's or the distributor's people: not a sale, the work around it. */
const PARTNER: Record<'principal' | 'distributor', readonly string[]> = {
  principal: [
    'Quarterly business review with {contact} from {principal}: reviewed {territory} sell-through and the top 20 target accounts.',
    '{contact} ({principal}) confirmed new case pricing effective next month. Update quotes.',
    'Planning a ride-along with {contact} from {principal} for the {territory} food show.',
    '{contact} at {principal} sent a new LTO program for Q3; share with chain accounts.',
    'Call with {contact} ({principal}) about samples budget: approved 12 more cases of {product}.',
  ],
  distributor: [
    'Met {contact} ({distributor}) to get {product} loaded in the warehouse.',
    '{distributor} category manager {contact} asked for a new item form for {product}.',
    'Food show planning with {contact} at {distributor}; booth space confirmed.',
    'Worked a deal sheet with {contact} at {distributor} for a 60-day {principal} promotion.',
    'Ride-along with {contact} ({distributor} DSR) - visited four accounts, two want samples.',
  ],
};

/** The last word on a closed opportunity. */
export const CLOSING: Record<'won' | 'stalled' | 'noFit', readonly string[]> = {
  won: [
    'First order in: {cases} cases of {product} through {distributor}. Added to the order guide.',
    '{contact} signed off. {product} goes on the menu next cycle; {distributor} has it stocked.',
  ],
  stalled: [
    'No movement in weeks; {contact} says revisit next budget cycle.',
    '{contact} is not returning calls. Parking this until the menu change in the fall.',
  ],
  noFit: [
    '{contact} passed on {product}: does not fit their menu direction.',
    'Not a fit - {org} needs a lower price point than {principal} can offer.',
  ],
};

const NEXT_STEPS = [
  'call {contact} back {weekday}',
  'send updated pricing by {weekday}',
  'bring samples of {product2}',
  'confirm {product} is loaded at {distributor}',
  'set up a tasting for {weekday}',
  'check the first delivery on {weekday}',
] as const;

const FALLBACK: Required<NoteContext> = {
  contact: 'the chef',
  org: 'the account',
  product: 'the new item',
  product2: 'the line extension',
  principal: 'the manufacturer',
  distributor: 'the distributor',
  territory: 'the territory',
  weekday: 'next week',
  cases: '10',
};

export function fill(template: string, ctx: NoteContext): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const k = key as keyof NoteContext;
    return ctx[k] ?? FALLBACK[k] ?? key;
  });
}

export type NoteKind = 'customer' | 'principal' | 'distributor';

export function interactionNote(
  rng: Rng,
  kind: NoteKind,
  type: InteractionType,
  sentiment: Sentiment,
  ctx: NoteContext,
  opts: { closing?: keyof typeof CLOSING; followUp?: boolean } = {},
): string {
  const template = opts.closing
    ? rng.pick(CLOSING[opts.closing])
    : kind === 'customer'
      ? rng.pick(CUSTOMER[type][sentiment])
      : rng.pick(PARTNER[kind]);
  const note = fill(template, ctx);
  return opts.followUp ? `${note} Next step: ${fill(rng.pick(NEXT_STEPS), ctx)}.` : note;
}
