/**
 * Interactions: calls, visits, emails, samples; the thing a field rep logs in
 * seconds. An interaction's organization follows its opportunity's customer,
 * else its contact's organization (the server's derive_interaction_organization
 * trigger); it is derived here too and sent, so timelines are right offline.
 */
import { happenedAtIssue } from '../../../sync/schema/index.ts';
import type { CoreContext } from '../context.ts';
import type { Row } from '../rows.ts';
import { changeRecord, recordCommands, type TableRules, type WriteResult } from './crud.ts';
import {
  completeFollowUpInput,
  createInputSchema,
  idInput,
  logInteractionInput,
  updateInputSchema,
  updateInteractionInput,
} from '../../ipc/contract/index.ts';

/** The input schemas are the channel contract's; re-exported for callers of the core. */
export { logInteractionInput, updateInteractionInput, completeFollowUpInput };

const ABOUT = ['opportunity_id', 'contact_id', 'organization_id'];

export const interactionRules: TableRules = {
  table: 'interactions',
  noun: 'interaction',
  defaults: (ctx) => ({
    interaction_date: ctx.replica.nowIso(),
    sentiment: 'Neutral',
    follow_up_required: false,
  }),
  derive(ctx: CoreContext, row: Row, changed): Row {
    return { ...followUpDefaults(ctx, row, changed), ...derivedOrganization(ctx, row, changed) };
  },
  // The server refuses an interaction dated in the future (issue 12); say so at once, offline too.
  check(ctx, row, changed) {
    if (!changed.has('interaction_date') || typeof row.interaction_date !== 'string') return [];
    const issue = happenedAtIssue(row.interaction_date, ctx.replica.now().getTime());
    return issue ? [{ field: 'interaction_date', message: issue }] : [];
  },
};

/**
 * What the server's trigger would fill in for a follow-up: its maker as the
 * assignee when nobody is named (migration 0016); and no time left on a
 * follow-up whose date was cleared (a time needs a date). Like the trigger,
 * only when the follow-up or its assignee is what changes: editing the notes
 * of someone's unassigned follow-up does not make it mine.
 */
function followUpDefaults(ctx: CoreContext, row: Row, changed: ReadonlySet<string>): Row {
  const out: Row = {};
  const assigning = changed.has('follow_up_required') || changed.has('follow_up_assignee_id');
  if (
    assigning &&
    row.follow_up_required &&
    !row.follow_up_assignee_id &&
    isMember(ctx, ctx.userId)
  )
    out.follow_up_assignee_id = ctx.userId;
  if (!row.follow_up_date && row.follow_up_time) out.follow_up_time = null;
  return out;
}

export function isMember(ctx: CoreContext, userId: string): boolean {
  return Boolean(
    ctx.replica
      .stmt(
        'SELECT 1 FROM workspace_members WHERE workspace_id = ? AND user_id = ? AND deleted_at IS NULL',
      )
      .get(ctx.workspaceId, userId),
  );
}

function derivedOrganization(ctx: CoreContext, row: Row, changed: ReadonlySet<string>): Row {
  if (!ABOUT.some((k) => changed.has(k))) return {};
  let derived: unknown = null;
  if (row.opportunity_id) {
    derived = (
      ctx.replica
        .stmt('SELECT organization_id FROM opportunities WHERE id = ?')
        .get(row.opportunity_id) as { organization_id: string | null } | undefined
    )?.organization_id;
  }
  if (!derived && row.contact_id) {
    derived = (
      ctx.replica.stmt('SELECT organization_id FROM contacts WHERE id = ?').get(row.contact_id) as
        { organization_id: string | null } | undefined
    )?.organization_id;
  }
  return derived ? { organization_id: derived } : {};
}

// The interaction's own fields: the channels' principal chips are written by interaction-with-principals.ts.
const commands = recordCommands(interactionRules, {
  create: createInputSchema('interactions'),
  update: updateInputSchema('interactions'),
  id: idInput,
});

/**
 * Quick log. A follow-up date alone implies "follow-up required", so the
 * quickest form (type, notes, who, when to follow up) is enough.
 */
export function logInteraction(ctx: CoreContext, input: unknown): WriteResult {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const i = input as Record<string, unknown>;
    if (i.follow_up_required === undefined && i.follow_up_date)
      input = { ...i, follow_up_required: true };
  }
  return commands.create(ctx, input);
}

export const updateInteraction = commands.update;
export const deleteInteraction = commands.delete;
export const restoreInteraction = commands.restore;

/** Marks a required follow-up done now (or reopens it with done: false). */
export function completeFollowUp(ctx: CoreContext, input: unknown): WriteResult {
  const { id, done = true } = completeFollowUpInput.parse(input);
  return ctx.replica.transaction(() => {
    const current = ctx.replica
      .stmt('SELECT follow_up_done_at FROM interactions WHERE id = ?')
      .get(id) as { follow_up_done_at: string | null } | undefined;
    // Done twice keeps the first time it was done.
    if (done && current?.follow_up_done_at) return { id, changed: [] };
    return changeRecord(ctx, interactionRules, id, {
      follow_up_done_at: done ? ctx.replica.nowIso() : null,
    });
  });
}
