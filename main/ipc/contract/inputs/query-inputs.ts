/**
 * What the queries take: keyset paging, the filters and sorts of each record
 * list, and the other queries' parameters. The core parses these again.
 */
import { z } from 'zod';
import {
  advocacyStatus,
  interactionType,
  opportunityStage,
} from '../../../../sync/schema/index.ts';
import { RECORD_TABLES, URGENCIES } from './vocabulary.ts';

const uuid = z.uuid({ error: 'must be a UUID' });

/**
 * Whose records a screen shows: 'mine' (follow-ups assigned to me, opportunities
 * I own, interactions I logged) or 'team' (everyone's in the workspace). Left
 * out: 'team', so older callers keep their meaning.
 */
export const scopeInput = z.enum(['mine', 'team'], { error: "must be 'mine' or 'team'" });

export const pageInput = {
  dir: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** From the previous page's next_cursor. */
  cursor: z.string().max(2000).optional(),
};

export const clockInput = {
  /** The date follow-ups are due against (YYYY-MM-DD); the device's local date by default. */
  today: z.iso.date().optional(),
  /** The instant engagement is measured from; the device's clock by default. */
  now: z.iso.datetime({ offset: true }).optional(),
};

/**
 * A record list's input: paging, `q` (full-text filter), `deleted` (live rows,
 * the trash, or all), a sort by name, and the list's own filters.
 */
function listInput<const S extends readonly [string, ...string[]], F extends z.ZodRawShape>(
  sorts: S,
  defaultSort: S[number],
  filters: F,
) {
  return z.strictObject({
    ...pageInput,
    q: z.string().max(200).optional(),
    deleted: z.enum(['live', 'deleted', 'all']).default('live'),
    sort: z.enum(sorts).default(defaultSort as never),
    ...filters,
  });
}

export const organizationListInput = listInput(
  ['name', 'updated_at', 'created_at', 'last_interaction_at'],
  'name',
  {
    is_principal: z.boolean().optional(),
    is_distributor: z.boolean().optional(),
    is_customer: z.boolean().optional(),
    segment: z.string().optional(),
    account_manager_id: uuid.optional(),
  },
);

export const contactListInput = listInput(['name', 'updated_at', 'last_interaction_at'], 'name', {
  organization_id: uuid.nullable().optional(),
  advocacy_status: advocacyStatus.optional(),
  is_key_contact: z.boolean().optional(),
});

export const productListInput = listInput(['name', 'updated_at', 'category'], 'name', {
  principal_id: uuid.optional(),
  category: z.string().optional(),
});

export const opportunityListInput = listInput(
  ['name', 'updated_at', 'stage_changed_at', 'last_interaction_at'],
  'updated_at',
  {
    stage: z.array(opportunityStage).optional(),
    open_only: z.boolean().optional(),
    organization_id: uuid.optional(),
    distributor_id: uuid.optional(),
    owner_id: uuid.optional(),
    principal_id: uuid.optional(),
    /** mine: opportunities I own. */
    scope: scopeInput.optional(),
  },
);

export const interactionListInput = listInput(['interaction_date'], 'interaction_date', {
  interaction_type: interactionType.optional(),
  contact_id: uuid.optional(),
  opportunity_id: uuid.optional(),
  organization_id: uuid.optional(),
  /** interaction_date on or after (inclusive), before (exclusive). */
  from: z.iso.datetime({ offset: true }).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  follow_up: z.enum(['open', 'done', 'none']).optional(),
  /** mine: interactions I logged. */
  scope: scopeInput.optional(),
});

export const principalDashboardInput = z.strictObject({
  ...clockInput,
  /** mine: interactions I logged, follow-ups assigned to me, opportunities I own (products stay the catalog's). */
  scope: scopeInput.optional(),
});

export const pipelineInput = z.strictObject({
  owner_id: z.uuid().optional(),
  principal_id: z.uuid().optional(),
  /** mine: opportunities I own. */
  scope: scopeInput.optional(),
});

export const recordDetailInput = z.strictObject({
  table: z.enum(RECORD_TABLES),
  id: uuid,
  timeline_limit: z.number().int().min(0).max(500).default(100),
});

/** The filters the follow-up list and its counts share. */
const followUpFilters = {
  today: clockInput.today,
  /** mine: follow-ups assigned to me. */
  scope: scopeInput.optional(),
  /** Assigned to this member (with scope 'team'; 'mine' already means me). */
  assignee_id: uuid.optional(),
  /** About this principal (main/core/queries/interaction-principal.ts says what that means). */
  principal_id: uuid.optional(),
};

export const followUpsInput = z.strictObject({
  ...pageInput,
  ...followUpFilters,
  urgency: z.array(z.enum(URGENCIES)).optional(),
});

export const followUpCountsInput = z.strictObject(followUpFilters);

/**
 * My follow-ups that have fallen due by `now` (the device's clock unless
 * pinned): timed ones whose date and time have passed, for reminders; and
 * today's count for the morning digest.
 */
export const followUpRemindersInput = z.strictObject({
  now: clockInput.now,
  limit: z.number().int().min(1).max(200).default(50),
});

export const searchInput = z.strictObject({
  q: z.string().trim().min(1, { error: 'type something to search for' }).max(200),
  // An empty list would reach FTS5 as `kind : ()`, a syntax error: leave it out to search every kind.
  tables: z
    .array(z.enum(RECORD_TABLES))
    .min(1, { error: 'name at least one kind of record, or leave tables out to search them all' })
    .optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

const opt = z.string().nullable().optional();

export const organizationDuplicatesInput = z.strictObject({
  name: opt,
  email: opt,
  phone: opt,
  website: opt,
  /** The record being edited, never its own duplicate. */
  exclude_id: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

export const contactDuplicatesInput = z.strictObject({
  first_name: opt,
  last_name: opt,
  email: opt,
  phone: opt,
  organization_id: z.uuid().nullable().optional(),
  exclude_id: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

export const syncQueueInput = z.strictObject({
  limit: z.number().int().min(1).max(1000).default(200),
});

/** The workspace's members, for "owner" and "account manager" pickers. */
export const membersInput = z.strictObject({
  /** Members removed or disabled too (to name the owner of an old record). */
  include_former: z.boolean().default(false),
});
