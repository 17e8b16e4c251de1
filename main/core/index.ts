/**
 * The desktop core: commands (every user action, validated, one replica
 * transaction each), queries (dashboards, lists, detail, search), and live
 * queries. COMMANDS and QUERIES list them by their channel name, checked
 * against the channel contract (main/ipc/contract: inputs and outputs defined
 * once), for the channel table in main/ipc to bind.
 *
 * Failures: a z.ZodError (issues with path = [field]) for invalid input,
 * including cross-field and reference rules; a CommandError with a stable code
 * (not_found, conflict, invalid_state, pending_changes) for other expected ones.
 */
import {
  COMMAND_CHANNELS,
  type CommandName,
  type Contract,
  type ParsedInput,
  type QueryName,
} from '../ipc/contract/index.ts';
import type { CoreContext } from './context.ts';
import * as orgs from './commands/organizations.ts';
import * as contacts from './commands/contacts.ts';
import * as products from './commands/products.ts';
import * as opps from './commands/opportunities.ts';
import * as interactions from './commands/interactions.ts';
import * as followUpTasks from './commands/follow-ups.ts';
import { setInteractionPrincipals } from './commands/interaction-principals.ts';
import {
  logInteractionWithPrincipals,
  updateInteractionWithPrincipals,
} from './commands/interaction-with-principals.ts';
import { mergeContacts, mergeOrganizations } from './commands/merge.ts';
import { importCsv, previewCsvImport } from './commands/csv-import.ts';
import { exportCsv } from './commands/csv-export.ts';
import { prepareSignOut } from './commands/sign-out.ts';
import { discardRejected, retryRejected } from './commands/rejected.ts';
import { closeReasonQuery } from './queries/close-reasons.ts';
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
import { followUpRemindersQuery } from './queries/follow-up-reminders.ts';
import { searchQuery } from './queries/search.ts';
import { contactDuplicatesQuery, organizationDuplicatesQuery } from './queries/duplicates.ts';
import { syncQueueQuery } from './queries/sync-queue.ts';
import { membersQuery } from './queries/members.ts';
import { interactionPrincipalsQuery } from './queries/interaction-principals.ts';
import type { QueryDef } from './queries/define.ts';

export type { CoreContext } from './context.ts';
export { openRuntime, type CoreRuntime, type RuntimeEvent } from './runtime/runtime.ts';
export type { TokenStore } from './runtime/sync-deps.ts';
export { CommandError, issuesOf } from './errors.ts';
export { LiveQueries } from './live/live-queries.ts';
export type { WriteResult } from './commands/crud.ts';
export type { SearchHit } from './queries/search.ts';

/**
 * A command as the channel contract types it: the contract's input schema,
 * and the core function that runs it. Each function parses its input again
 * (so tests and CSV import may call it with anything); the table below is
 * checked against the contract, so a command missing, extra or taking another
 * input does not compile.
 */
export interface CommandDef<K extends CommandName> {
  input: Contract[K]['input'];
  run(ctx: CoreContext, input: ParsedInput<K>): object;
}

// The function keeps its own type (it parses its input again, so tests may pass it anything);
// the constraint checks that it accepts the contract's parsed input.
function cmd<K extends CommandName, F extends (ctx: CoreContext, input: ParsedInput<K>) => object>(
  name: K,
  run: F,
): { input: (typeof COMMAND_CHANNELS)[K]['input']; run: F } {
  const channel: (typeof COMMAND_CHANNELS)[K] = COMMAND_CHANNELS[name];
  return { input: channel.input, run };
}

/** Every user action by name, with the contract's input schema. */
export const COMMANDS = {
  'organizations.create': cmd('organizations.create', orgs.createOrganization),
  'organizations.update': cmd('organizations.update', orgs.updateOrganization),
  'organizations.delete': cmd('organizations.delete', orgs.deleteOrganization),
  'organizations.restore': cmd('organizations.restore', orgs.restoreOrganization),
  'organizations.merge': cmd('organizations.merge', mergeOrganizations),
  'contacts.create': cmd('contacts.create', contacts.createContact),
  'contacts.update': cmd('contacts.update', contacts.updateContact),
  'contacts.delete': cmd('contacts.delete', contacts.deleteContact),
  'contacts.restore': cmd('contacts.restore', contacts.restoreContact),
  'contacts.merge': cmd('contacts.merge', mergeContacts),
  'products.create': cmd('products.create', products.createProduct),
  'products.update': cmd('products.update', products.updateProduct),
  'products.delete': cmd('products.delete', products.deleteProduct),
  'products.restore': cmd('products.restore', products.restoreProduct),
  'opportunities.create': cmd('opportunities.create', opps.createOpportunity),
  'opportunities.update': cmd('opportunities.update', opps.updateOpportunity),
  'opportunities.move_stage': cmd('opportunities.move_stage', opps.moveOpportunityStage),
  'opportunities.delete': cmd('opportunities.delete', opps.deleteOpportunity),
  'opportunities.restore': cmd('opportunities.restore', opps.restoreOpportunity),
  'opportunities.add_product': cmd('opportunities.add_product', opps.addOpportunityProduct),
  'opportunities.remove_product': cmd(
    'opportunities.remove_product',
    opps.removeOpportunityProduct,
  ),
  'interactions.log': cmd('interactions.log', logInteractionWithPrincipals),
  'interactions.update': cmd('interactions.update', updateInteractionWithPrincipals),
  'interactions.delete': cmd('interactions.delete', interactions.deleteInteraction),
  'interactions.restore': cmd('interactions.restore', interactions.restoreInteraction),
  'interactions.complete_follow_up': cmd(
    'interactions.complete_follow_up',
    interactions.completeFollowUp,
  ),
  'follow_ups.snooze': cmd('follow_ups.snooze', followUpTasks.snoozeFollowUp),
  'follow_ups.reschedule': cmd('follow_ups.reschedule', followUpTasks.rescheduleFollowUp),
  'follow_ups.reassign': cmd('follow_ups.reassign', followUpTasks.reassignFollowUp),
  'interactions.set_principals': cmd('interactions.set_principals', setInteractionPrincipals),
  'csv.preview_import': cmd('csv.preview_import', previewCsvImport),
  'csv.import': cmd('csv.import', importCsv),
  'csv.export': cmd('csv.export', exportCsv),
  'sync.retry_rejected': cmd('sync.retry_rejected', retryRejected),
  'sync.discard_rejected': cmd('sync.discard_rejected', discardRejected),
  'session.prepare_sign_out': cmd('session.prepare_sign_out', prepareSignOut),
} satisfies { [K in CommandName]: CommandDef<K> };

/** Every query by name, keyed by its contract name; each lists the tables it reads, for live queries. */
export const QUERIES = {
  'dashboard.principals': principalDashboardQuery,
  'dashboard.pipeline': pipelineQuery,
  'dashboard.close_reasons': closeReasonQuery,
  'organizations.list': organizationList.query,
  'contacts.list': contactList.query,
  'products.list': productList.query,
  'opportunities.list': opportunityList.query,
  'interactions.list': interactionList.query,
  'records.detail': recordDetailQuery,
  'follow_ups.list': followUpsQuery,
  'follow_ups.counts': followUpCountsQuery,
  'follow_ups.reminders': followUpRemindersQuery,
  search: searchQuery,
  'organizations.duplicates': organizationDuplicatesQuery,
  'contacts.duplicates': contactDuplicatesQuery,
  'sync.queue': syncQueueQuery,
  'members.list': membersQuery,
  'interactions.principals': interactionPrincipalsQuery,
} satisfies { [K in QueryName]: QueryDef<Contract[K]['input'], object> };

export * from './commands/organizations.ts';
export * from './commands/contacts.ts';
export * from './commands/products.ts';
export * from './commands/opportunities.ts';
export * from './commands/interactions.ts';
export * from './commands/follow-ups.ts';
export { contactMergeInput, mergeContacts, mergeOrganizations } from './commands/merge.ts';
export { csvImportInput, importCsv, previewCsvImport } from './commands/csv-import.ts';
export { exportCsv } from './commands/csv-export.ts';
export { prepareSignOut } from './commands/sign-out.ts';
export { discardRejected, retryRejected } from './commands/rejected.ts';
export { principalDashboard, principalDashboardQuery } from './queries/dashboard.ts';
export { closeReasonReport } from './queries/close-reasons.ts';
export { pipelineByStage } from './queries/pipeline.ts';
export { followUpRemindersFor } from './queries/follow-up-reminders.ts';
export { contactList, interactionList, opportunityList, organizationList, productList } from './queries/lists.ts';
export { recordDetail, recordDetailQuery } from './queries/detail.ts';
export { followUpCounts, followUps } from './queries/follow-ups.ts';
export { search, searchInput } from './queries/search.ts';
export { findDuplicateContacts, findDuplicateOrganizations } from './queries/duplicates.ts';
export { syncQueue, syncQueueQuery } from './queries/sync-queue.ts';
export { setInteractionPrincipals } from './commands/interaction-principals.ts';
export {
  logInteractionWithPrincipals,
  updateInteractionWithPrincipals,
} from './commands/interaction-with-principals.ts';
export { interactionPrincipalsFor } from './queries/interaction-principals.ts';
