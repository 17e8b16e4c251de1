/**
 * What the commands take: create and update inputs derived from sync/schema
 * (a command accepts exactly what the server's mutation endpoint would, keyed
 * by column name), and the inputs of the other commands. The core parses
 * these again in each command, so calling one directly is as safe as a channel.
 */
import { z } from 'zod';
import {
  MERGE_CHOICE_FIELDS,
  closeReason,
  TIME_OF_DAY_PATTERN,
  insertSchema,
  recordDate,
  opportunityStage,
  rowSchema,
  updatableColumns,
  type TableName,
} from '../../../../sync/schema/index.ts';
import { CSV_TABLES } from './vocabulary.ts';
import { principalChoice } from '../principal-links.ts';

const uuid = z.uuid({ error: 'must be a UUID' });

/** Columns a create or update command never takes: the tenant, and soft delete (own commands). */
const NOT_IN_FORMS = new Set(['workspace_id', 'deleted_at', 'id']);

export function createInputSchema(table: TableName) {
  const shape: Record<string, z.ZodType> = { id: uuid.optional() };
  for (const [k, s] of Object.entries(insertSchema(table).shape))
    if (!NOT_IN_FORMS.has(k)) shape[k] = s as z.ZodType;
  return z.strictObject(shape);
}

export function updateInputSchema(table: TableName, extra: Record<string, z.ZodType> = {}) {
  const row = rowSchema(table).shape as Record<string, z.ZodType>;
  const shape: Record<string, z.ZodType> = { id: uuid, ...extra };
  for (const c of updatableColumns(table)) if (!NOT_IN_FORMS.has(c)) shape[c] = row[c]!.optional();
  return z.strictObject(shape).refine((v) => Object.keys(v).length > 1, {
    error: 'an update must change at least one field',
    path: ['id'],
  });
}

export const idInput = z.strictObject({ id: uuid });

export const createOrganizationInput = createInputSchema('organizations');
export const updateOrganizationInput = updateInputSchema('organizations');
export const createContactInput = createInputSchema('contacts');
export const updateContactInput = updateInputSchema('contacts');
export const createProductInput = createInputSchema('products');
export const updateProductInput = updateInputSchema('products');
export const createOpportunityInput = createInputSchema('opportunities');
export const updateOpportunityInput = updateInputSchema('opportunities');
/** An interaction's own fields, and optionally its principal chips, saved together (principalChoice). */
export const logInteractionInput = createInputSchema('interactions').extend({
  principals: principalChoice.optional(),
});
export const updateInteractionInput = updateInputSchema('interactions', {
  principals: principalChoice.optional(),
});

/** A move to Closed - Stalled or Closed - No Fit carries why (sync/schema checks it is there). */
export const moveOpportunityStageInput = z.strictObject({
  id: uuid,
  stage: opportunityStage,
  close_reason: closeReason.optional(),
  close_reason_note: z
    .string()
    .max(500, { error: 'must be at most 500 characters' })
    .nullable()
    .optional(),
});
export const opportunityProductInput = z.strictObject({
  opportunity_id: uuid,
  product_id: uuid,
  notes: z.string().max(2000, { error: 'must be at most 2000 characters' }).nullable().optional(),
});
export const removeOpportunityProductInput = opportunityProductInput.omit({ notes: true });

export const completeFollowUpInput = z.strictObject({
  id: uuid,
  /** false reopens a follow-up marked done by mistake. */
  done: z.boolean().optional(),
});

/** A follow-up moved to another day: 'tomorrow' or 'next_week' (seven days on) from the device's today. */
export const snoozeFollowUpInput = z.strictObject({
  id: uuid,
  until: z.enum(['tomorrow', 'next_week'], { error: "must be 'tomorrow' or 'next_week'" }),
});

/** A follow-up moved to a chosen date, with an optional time (null: any time that day). */
export const rescheduleFollowUpInput = z.strictObject({
  id: uuid,
  date: recordDate,
  time: z
    .string()
    .regex(TIME_OF_DAY_PATTERN, { error: 'must be a time like 09:30 (24-hour clock)' })
    .nullable()
    .optional(),
});

/** A follow-up handed to another member of the workspace. */
export const reassignFollowUpInput = z.strictObject({ id: uuid, assignee_id: uuid });

const side = z.enum(['winner', 'loser'], { error: "must be 'winner' or 'loser'" });

function mergeInputFor(table: keyof typeof MERGE_CHOICE_FIELDS) {
  return z
    .strictObject({
      winner_id: uuid,
      loser_id: uuid,
      /** Per field, whose value the survivor ends with; a field left out follows the default rule. */
      choose: z
        .record(z.string(), side)
        .superRefine((choices, ctx) => {
          const allowed: readonly string[] = MERGE_CHOICE_FIELDS[table];
          for (const f of Object.keys(choices))
            if (!allowed.includes(f))
              ctx.addIssue({
                code: 'custom',
                path: [f],
                message: `not a field one can choose when merging ${table}`,
              });
        })
        .default({}),
    })
    .refine((v) => v.winner_id !== v.loser_id, {
      error: 'cannot merge a record into itself',
      path: ['loser_id'],
    });
}
export const organizationMergeInput = mergeInputFor('organizations');
export const contactMergeInput = mergeInputFor('contacts');

export const csvTable = z.enum(CSV_TABLES);
export const csvRowAction = z.enum(['create', 'update', 'skip'], {
  error: "must be 'create', 'update' or 'skip'",
});
export type CsvRowAction = z.infer<typeof csvRowAction>;

/**
 * A CSV import (or its preview). The core adds one rule it alone can check:
 * each mapped field is one the table imports (main/core/commands/csv-import.ts).
 */
export const csvImportInput = z.strictObject({
  table: csvTable,
  csv: z
    .string()
    .min(1, { error: 'the file is empty' })
    .max(50_000_000, { error: 'the file is larger than 50 MB' }),
  mode: z.enum(['all_or_nothing', 'valid_rows']).default('all_or_nothing'),
  /** Header -> field it fills ('' to leave the column out); headers not named map by themselves. */
  mapping: z.record(z.string(), z.string()).default({}),
  /** What to do with a row that looks like an existing record. */
  on_duplicate: csvRowAction.default('skip'),
  /** Per line of the file (as the report numbers them), overriding on_duplicate. */
  actions: z
    .record(z.string().regex(/^\d+$/, { error: 'must be a line number' }), csvRowAction)
    .default({}),
});

export const csvExportInput = z.strictObject({
  table: csvTable,
  include_deleted: z.boolean().default(false),
});

export const retryRejectedInput = z.strictObject({
  mutation_id: uuid,
  /** Corrected fields; replaces the mutation's changes (insert: the whole new row, update: the changed fields). */
  changes: z.record(z.string(), z.unknown()).optional(),
});
export const discardRejectedInput = z.strictObject({ mutation_id: uuid });

export const prepareSignOutInput = z.strictObject({
  /** What to do with unsynced changes: refuse (default), export them, or discard them. */
  unsynced: z.enum(['refuse', 'export', 'discard']).default('refuse'),
});
