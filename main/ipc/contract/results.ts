/**
 * What the core's commands and queries answer, as the UI reads them. Rows come
 * from rows.ts; the rest are the core's result objects.
 */
import { z } from 'zod';
import { engagementLevel, opportunityStage } from '../../../sync/schema/index.ts';
import { page } from './row-builders.ts';
import {
  contactRow,
  interactionRow,
  opportunityRow,
  organizationRow,
  outboxEntry,
  productRow,
} from './rows.ts';
import { CSV_TABLES, DUPLICATE_REASONS, RECORD_TABLES, URGENCIES } from './inputs/vocabulary.ts';

export const writeResult = z.strictObject({
  id: z.string(),
  /** Columns the command changed (empty when nothing changed). */
  changed: z.array(z.string()),
});

export const mergeResult = z.strictObject({
  winner_id: z.string(),
  loser_id: z.string(),
  /** Fields the survivor took from the merged record. */
  filled: z.array(z.string()),
  /** Related records moved to the survivor, per table. */
  moved: z.record(z.string(), z.number()),
});

export const principalSummary = z.strictObject({
  principal_id: z.string(),
  name: z.string(),
  opportunities_count: z.number(),
  interactions_count: z.number(),
  products_count: z.number(),
  last_activity_at: z.string().nullable(),
  engagement_level: engagementLevel,
  follow_ups_due_count: z.number(),
  /** The organization's own last_interaction_at, as its list and page show it. */
  last_interaction_at: z.string().nullable(),
});

export const pipelineStage = z.strictObject({
  stage: opportunityStage,
  /** 1-based, as the server's WITH ORDINALITY. */
  position: z.number(),
  opportunities_count: z.number(),
  last_stage_change_at: z.string().nullable(),
  closed: z.boolean(),
});

export const organizationPage = page(organizationRow);
export const contactPage = page(contactRow);
export const productPage = page(productRow);
export const opportunityPage = page(opportunityRow);
export const interactionPage = page(interactionRow);
export const followUpPage = page(interactionRow.extend({ urgency: z.enum(URGENCIES) }));
export const followUpCounts = z.strictObject(
  Object.fromEntries(URGENCIES.map((u) => [u, z.number()])) as Record<
    (typeof URGENCIES)[number],
    z.ZodNumber
  >,
);

/** What reminders need: my timed follow-ups fallen due, and the day's digest. */
export const followUpReminders = z.strictObject({
  /** The device's local date the answer is for (the digest is shown once per date). */
  today: z.iso.date(),
  /** Open follow-ups assigned to me dated today or earlier; of them, overdue (before today). */
  today_count: z.number(),
  overdue_count: z.number(),
  /** Timed follow-ups of today whose time has come, soonest first. */
  fallen_due: z.array(
    z.strictObject({
      id: z.uuid(),
      follow_up_date: z.iso.date(),
      follow_up_time: z.string(),
      interaction_type: z.string(),
      notes: z.string().nullable(),
      /** Who or what it is about: the contact, else the opportunity, else the organization. */
      about: z.string().nullable(),
    }),
  ),
});

/** Any record a detail page shows. */
export const recordRow = z.union([
  organizationRow,
  contactRow,
  productRow,
  opportunityRow,
  interactionRow,
]);

export const recordDetail = z.strictObject({
  table: z.enum(RECORD_TABLES),
  record: recordRow,
  /** Its changes not yet confirmed by the server. */
  pending: z.array(outboxEntry),
  rejected: z.array(outboxEntry),
  /** Live interactions, newest first. */
  timeline: z.array(interactionRow),
  related: z.record(z.string(), z.array(recordRow)),
});

export const searchHit = z.strictObject({
  table: z.enum(RECORD_TABLES),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Matched words are between \u0002 and \u0003. */
  snippet: z.string(),
  pending: z.boolean(),
});

export const duplicateCandidate = z.strictObject({
  id: z.string(),
  label: z.string(),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
  score: z.number(),
});

const queueEntry = outboxEntry.extend({
  /** A human name for the record, when the replica has it. */
  label: z.string().nullable(),
});
export const syncQueue = z.strictObject({
  counts: z.strictObject({
    pending: z.number(),
    sent: z.number(),
    applied: z.number(),
    rejected: z.number(),
  }),
  /** Changes the server does not have for certain (what sign-out would lose). */
  unsynced: z.number(),
  rejected: z.array(queueEntry),
  waiting: z.array(queueEntry),
});

const rowAction = z.enum(['create', 'update', 'skip']);
export const importRow = z.strictObject({
  line: z.number(),
  id: z.string().nullable(),
  values: z.record(z.string(), z.json()),
  names: z.record(z.string(), z.string()),
  issues: z.array(z.strictObject({ field: z.string(), message: z.string() })),
  duplicates: z.array(
    z.strictObject({
      id: z.string().nullable(),
      label: z.string(),
      reason: z.enum(DUPLICATE_REASONS),
    }),
  ),
  action: rowAction,
});
export const importReport = z.strictObject({
  table: z.enum(CSV_TABLES),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  mapping: z.array(z.strictObject({ header: z.string(), field: z.string().nullable() })),
  fields: z.array(z.string()),
  columns: z.array(z.string()),
  unknown_columns: z.array(z.string()),
  rows: z.array(importRow),
  valid: z.number(),
  invalid: z.number(),
  created: z.number(),
  updated: z.number(),
  skipped: z.number(),
  imported: z.number(),
});

export const csvExport = z.strictObject({
  filename: z.string(),
  csv: z.string(),
  rows: z.number(),
});

export const signOutReady = z.strictObject({
  /** Unsynced changes found. */
  unsynced: z.number(),
  export: z
    .strictObject({
      exported_at: z.string(),
      workspace_id: z.string(),
      user_id: z.string(),
      mutations: z.array(outboxEntry),
      /** The merged rows the mutations touch, as the user last saw them. */
      records: z.array(
        z.strictObject({
          table: z.string(),
          id: z.string(),
          row: z.record(z.string(), z.json()).nullable(),
        }),
      ),
    })
    .optional(),
  discarded: z.number().optional(),
});

export const retriedRejected = z.strictObject({ mutation_id: z.string() });
export const discardedRejected = z.strictObject({ discarded: z.string() });

/** A member of the workspace as pickers show them. */
export const member = z.strictObject({
  user_id: z.string(),
  display_name: z.string(),
  email: z.string(),
  role: z.string(),
  /** Removed from the workspace or disabled: kept to name old records, not offered for new ones. */
  former: z.boolean(),
});
export type Member = z.infer<typeof member>;
