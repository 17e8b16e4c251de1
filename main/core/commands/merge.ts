/**
 * Merging duplicates: fold the loser into the winner. One replica transaction
 * of ordinary mutations, so the server applies, audits and syncs it like any
 * other change:
 *   1. the winner takes the values the user chose from the loser, and by
 *      default the loser's values where it has none (and both notes);
 *   2. every record pointing at the loser points at the winner (deleted ones
 *      too, so a later restore does not point at a deleted record);
 *   3. the loser is soft-deleted (restorable, with its history).
 */
import { MERGE_FILL_FIELDS } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import { CommandError } from '../errors.ts';
import type { Row } from '../rows.ts';
import { contactRules } from './contacts.ts';
import { changeRecord, loadRecord, setDeleted, type TableRules } from './crud.ts';
import { interactionRules } from './interactions.ts';
import { opportunityRules } from './opportunities.ts';
import { organizationRules } from './organizations.ts';
import { productRules } from './products.ts';
import { contactMergeInput, organizationMergeInput } from '../../ipc/contract/index.ts';

export { contactMergeInput, organizationMergeInput };
type Choices = Partial<Record<string, 'winner' | 'loser'>>;

export interface MergeResult {
  winner_id: string;
  loser_id: string;
  /** Fields of the winner filled from the loser. */
  filled: string[];
  /** Records re-pointed, by table. */
  moved: Record<string, number>;
}

const NOTES_MAX = 20000;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** The survivor's changes: chosen values first, then by default the other's where it has none, notes joined. */
function fillFrom(
  winner: Row,
  loser: Row,
  fields: readonly string[],
  label: string,
  choose: Choices,
): Row {
  const fill: Row = {};
  for (const f of fields) {
    if (choose[f] === undefined && isEmpty(winner[f]) && !isEmpty(loser[f])) fill[f] = loser[f];
  }
  if (choose.notes === undefined) {
    if (winner.notes && loser.notes && winner.notes !== loser.notes) {
      const joined = `${String(winner.notes)}\n\n(merged from ${label})\n${String(loser.notes)}`;
      if (joined.length <= NOTES_MAX) fill.notes = joined;
    } else if (!winner.notes && loser.notes) {
      fill.notes = loser.notes;
    }
  }
  for (const [f, from] of Object.entries(choose)) {
    if (from === 'loser' && loser[f] !== winner[f]) fill[f] = isEmpty(loser[f]) ? null : loser[f];
  }
  return fill;
}

function liveRecord(ctx: CoreContext, rules: TableRules, id: string, role: string): Row {
  const row = loadRecord(ctx, rules, id);
  if (row.deleted_at)
    throw new CommandError('invalid_state', `the ${role} ${rules.noun} is deleted`);
  return row;
}

function idsWhere(ctx: CoreContext, table: string, column: string, id: string): string[] {
  return (
    ctx.replica
      .stmt(`SELECT id FROM ${table} WHERE ${column} = ? AND workspace_id = ?`)
      .all(id, ctx.workspaceId) as { id: string }[]
  ).map((r) => r.id);
}

function repoint(
  ctx: CoreContext,
  rules: TableRules,
  column: string,
  from: string,
  to: string,
): number {
  const ids = idsWhere(ctx, rules.table, column, from);
  for (const id of ids) changeRecord(ctx, rules, id, { [column]: to }, { allowDeleted: true });
  return ids.length;
}

export function mergeOrganizations(ctx: CoreContext, input: unknown): MergeResult {
  const { winner_id, loser_id, choose } = organizationMergeInput.parse(input);
  return ctx.replica.transaction(() => {
    const winner = liveRecord(ctx, organizationRules, winner_id, 'surviving');
    const loser = liveRecord(ctx, organizationRules, loser_id, 'merged');
    const fill = fillFrom(
      winner,
      loser,
      MERGE_FILL_FIELDS.organizations,
      String(loser.name),
      choose,
    );
    // The winner takes over the loser's roles, so its products and distributed opportunities stay valid.
    if (loser.is_principal && !winner.is_principal) fill.is_principal = true;
    if (loser.is_distributor && !winner.is_distributor) fill.is_distributor = true;
    if (loser.is_customer && !winner.is_customer) fill.is_customer = true;
    const filled = changeRecord(ctx, organizationRules, winner_id, fill).changed;
    const moved: Record<string, number> = {};
    moved.contacts = repoint(ctx, contactRules, 'organization_id', loser_id, winner_id);
    moved.products = repoint(ctx, productRules, 'principal_id', loser_id, winner_id);
    // An opportunity may name the loser as customer and as distributor; one update each, and a
    // customer cannot be its own distributor, so that link is dropped if the merge would make it so.
    const opps = new Set([
      ...idsWhere(ctx, 'opportunities', 'organization_id', loser_id),
      ...idsWhere(ctx, 'opportunities', 'distributor_id', loser_id),
    ]);
    for (const id of opps) {
      const o = loadRecord(ctx, opportunityRules, id);
      const organization_id = o.organization_id === loser_id ? winner_id : o.organization_id;
      let distributor_id = o.distributor_id === loser_id ? winner_id : o.distributor_id;
      if (distributor_id === organization_id) distributor_id = null;
      changeRecord(
        ctx,
        opportunityRules,
        id,
        { organization_id, distributor_id },
        { allowDeleted: true },
      );
    }
    moved.opportunities = opps.size;
    moved.interactions = repoint(ctx, interactionRules, 'organization_id', loser_id, winner_id);
    setDeleted(ctx, organizationRules, loser_id, true);
    return { winner_id, loser_id, filled, moved };
  });
}

export function mergeContacts(ctx: CoreContext, input: unknown): MergeResult {
  const { winner_id, loser_id, choose } = contactMergeInput.parse(input);
  return ctx.replica.transaction(() => {
    const winner = liveRecord(ctx, contactRules, winner_id, 'surviving');
    const loser = liveRecord(ctx, contactRules, loser_id, 'merged');
    const label = [loser.first_name, loser.last_name].filter(Boolean).join(' ');
    const fill = fillFrom(winner, loser, MERGE_FILL_FIELDS.contacts, label, choose);
    if (loser.is_key_contact && !winner.is_key_contact) fill.is_key_contact = true;
    const filled = changeRecord(ctx, contactRules, winner_id, fill).changed;
    const moved: Record<string, number> = {};
    moved.opportunities = repoint(ctx, opportunityRules, 'primary_contact_id', loser_id, winner_id);
    moved.interactions = repoint(ctx, interactionRules, 'contact_id', loser_id, winner_id);
    setDeleted(ctx, contactRules, loser_id, true);
    return { winner_id, loser_id, filled, moved };
  });
}
