/**
 * The desktop core: commands (every user action, validated, one replica
 * transaction each), queries (dashboards, lists, detail, search), and live
 * queries. COMMANDS and QUERIES list them by a stable name with their zod
 * input, for the channel table in main/ipc to serve without repeating them.
 *
 * Failures: a z.ZodError (issues with path = [field]) for invalid input,
 * including cross-field and reference rules; a CommandError with a stable code
 * (not_found, conflict, invalid_state, pending_changes) for other expected ones.
 */
import type { z } from 'zod';
import type { CoreContext } from './context.ts';
import * as orgs from './commands/organizations.ts';
import * as contacts from './commands/contacts.ts';
import * as products from './commands/products.ts';
import * as opps from './commands/opportunities.ts';
import * as interactions from './commands/interactions.ts';
import {
  contactMergeInput,
  mergeContacts,
  mergeOrganizations,
  organizationMergeInput,
} from './commands/merge.ts';
import { csvImportInput, importCsv, previewCsvImport } from './commands/csv-import.ts';
import { csvExportInput, exportCsv } from './commands/csv-export.ts';
import { prepareSignOut, signOutInput } from './commands/sign-out.ts';
import {
  discardRejected,
  discardRejectedInput,
  retryRejected,
  retryRejectedInput,
} from './commands/rejected.ts';
import { idInput } from './commands/input.ts';
import { principalDashboardQuery } from './queries/dashboard.ts';
import { pipelineQuery } from './queries/pipeline.ts';
import {
  contactList,
  interactionList,
  opportunityList,
  organizationList,
  productList,
} from './queries/lists.ts';
import { recordDetailQuery } from './queries/detail.ts';
import { followUpCountsQuery, followUpsQuery } from './queries/follow-ups.ts';
import { searchQuery } from './queries/search.ts';
import { contactDuplicatesQuery, organizationDuplicatesQuery } from './queries/duplicates.ts';
import { syncQueueQuery } from './queries/sync-queue.ts';
import type { QueryDef } from './queries/define.ts';

export type { CoreContext } from './context.ts';
export {
  CommandError,
  fieldErrors,
  issuesOf,
  type CommandErrorCode,
  type FieldIssue,
} from './errors.ts';
export { fromSqlRow, type Row } from './rows.ts';
export { LiveQueries, type SubscribeOptions } from './live/live-queries.ts';
export type { QueryDef } from './queries/define.ts';
export type { WriteResult } from './commands/crud.ts';
export type { MergeResult } from './commands/merge.ts';
export type { ImportReport, ImportRow } from './commands/csv-import.ts';
export type { CsvExport } from './commands/csv-export.ts';
export type { SignOutReady, UnsyncedExport } from './commands/sign-out.ts';
export type { PrincipalSummary } from './queries/dashboard.ts';
export type { PipelineStage } from './queries/pipeline.ts';
export type { Page } from './queries/paging.ts';
export type { RecordDetail } from './queries/detail.ts';
export type { SearchHit } from './queries/search.ts';
export type { DuplicateCandidate, DuplicateReason } from './queries/duplicates.ts';
export type { SyncQueue, QueueEntry } from './queries/sync-queue.ts';
export { MARK_START, MARK_END } from './queries/search.ts';

export interface CommandDef {
  input: z.ZodType;
  run(ctx: CoreContext, input: unknown): unknown;
}

const cmd = (input: z.ZodType, run: (ctx: CoreContext, input: unknown) => unknown): CommandDef => ({
  input,
  run,
});

/** Every user action by name. Each run() parses its own input too, so the schema here is for the transport's contract. */
export const COMMANDS = {
  'organizations.create': cmd(orgs.createOrganizationInput, orgs.createOrganization),
  'organizations.update': cmd(orgs.updateOrganizationInput, orgs.updateOrganization),
  'organizations.delete': cmd(idInput, orgs.deleteOrganization),
  'organizations.restore': cmd(idInput, orgs.restoreOrganization),
  'organizations.merge': cmd(organizationMergeInput, mergeOrganizations),
  'contacts.create': cmd(contacts.createContactInput, contacts.createContact),
  'contacts.update': cmd(contacts.updateContactInput, contacts.updateContact),
  'contacts.delete': cmd(idInput, contacts.deleteContact),
  'contacts.restore': cmd(idInput, contacts.restoreContact),
  'contacts.merge': cmd(contactMergeInput, mergeContacts),
  'products.create': cmd(products.createProductInput, products.createProduct),
  'products.update': cmd(products.updateProductInput, products.updateProduct),
  'products.delete': cmd(idInput, products.deleteProduct),
  'products.restore': cmd(idInput, products.restoreProduct),
  'opportunities.create': cmd(opps.createOpportunityInput, opps.createOpportunity),
  'opportunities.update': cmd(opps.updateOpportunityInput, opps.updateOpportunity),
  'opportunities.move_stage': cmd(opps.moveOpportunityStageInput, opps.moveOpportunityStage),
  'opportunities.delete': cmd(idInput, opps.deleteOpportunity),
  'opportunities.restore': cmd(idInput, opps.restoreOpportunity),
  'opportunities.add_product': cmd(opps.opportunityProductInput, opps.addOpportunityProduct),
  'opportunities.remove_product': cmd(
    opps.opportunityProductInput.omit({ notes: true }),
    opps.removeOpportunityProduct,
  ),
  'interactions.log': cmd(interactions.logInteractionInput, interactions.logInteraction),
  'interactions.update': cmd(interactions.updateInteractionInput, interactions.updateInteraction),
  'interactions.delete': cmd(idInput, interactions.deleteInteraction),
  'interactions.restore': cmd(idInput, interactions.restoreInteraction),
  'interactions.complete_follow_up': cmd(
    interactions.completeFollowUpInput,
    interactions.completeFollowUp,
  ),
  'csv.preview_import': cmd(csvImportInput, previewCsvImport),
  'csv.import': cmd(csvImportInput, importCsv),
  'csv.export': cmd(csvExportInput, exportCsv),
  'sync.retry_rejected': cmd(retryRejectedInput, retryRejected),
  'sync.discard_rejected': cmd(discardRejectedInput, discardRejected),
  'session.prepare_sign_out': cmd(signOutInput, prepareSignOut),
} satisfies Record<string, CommandDef>;

/** Every query by name; each lists the tables it reads, for live queries. */
export const QUERIES = {
  [principalDashboardQuery.name]: principalDashboardQuery,
  [pipelineQuery.name]: pipelineQuery,
  [organizationList.query.name]: organizationList.query,
  [contactList.query.name]: contactList.query,
  [productList.query.name]: productList.query,
  [opportunityList.query.name]: opportunityList.query,
  [interactionList.query.name]: interactionList.query,
  [recordDetailQuery.name]: recordDetailQuery,
  [followUpsQuery.name]: followUpsQuery,
  [followUpCountsQuery.name]: followUpCountsQuery,
  [searchQuery.name]: searchQuery,
  [organizationDuplicatesQuery.name]: organizationDuplicatesQuery,
  [contactDuplicatesQuery.name]: contactDuplicatesQuery,
  [syncQueueQuery.name]: syncQueueQuery,
} as Record<string, QueryDef>;

export * from './commands/organizations.ts';
export * from './commands/contacts.ts';
export * from './commands/products.ts';
export * from './commands/opportunities.ts';
export * from './commands/interactions.ts';
export {
  contactMergeInput,
  mergeContacts,
  mergeOrganizations,
  organizationMergeInput,
} from './commands/merge.ts';
export { csvImportInput, importCsv, previewCsvImport } from './commands/csv-import.ts';
export { csvExportInput, exportCsv } from './commands/csv-export.ts';
export { prepareSignOut, signOutInput } from './commands/sign-out.ts';
export {
  discardRejected,
  discardRejectedInput,
  retryRejected,
  retryRejectedInput,
} from './commands/rejected.ts';
export { idInput } from './commands/input.ts';
export {
  principalDashboard,
  principalDashboardInput,
  principalDashboardQuery,
} from './queries/dashboard.ts';
export { pipelineByStage, pipelineInput, pipelineQuery } from './queries/pipeline.ts';
export {
  contactList,
  interactionList,
  opportunityList,
  organizationList,
  productList,
} from './queries/lists.ts';
export { recordDetail, recordDetailInput, recordDetailQuery } from './queries/detail.ts';
export {
  followUpCounts,
  followUpCountsQuery,
  followUps,
  followUpsInput,
  followUpsQuery,
} from './queries/follow-ups.ts';
export { search, searchInput, searchQuery } from './queries/search.ts';
export {
  contactDuplicatesInput,
  contactDuplicatesQuery,
  findDuplicateContacts,
  findDuplicateOrganizations,
  organizationDuplicatesInput,
  organizationDuplicatesQuery,
} from './queries/duplicates.ts';
export { syncQueue, syncQueueInput, syncQueueQuery } from './queries/sync-queue.ts';
