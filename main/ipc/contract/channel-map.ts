/**
 * Every channel the UI may call, by name, with its input and output schema:
 * the one contract between the renderer and the desktop core. The core's
 * commands and queries, the session, sync and admin channels are all here;
 * main/ipc/channels.ts binds each to its handler, and the renderer's calls are
 * typed by it.
 */
import { z } from 'zod';
import { ADMIN_CHANNELS } from './admin.ts';
import { HISTORY_CHANNELS } from './history.ts';
import { closeReasonReport, closeReasonReportInput } from './close-reasons.ts';
import { nothing } from './nothing.ts';
import { SESSION_CHANNELS } from './session.ts';
import { syncStatus } from './sync-status.ts';
import * as ri from './inputs/record-inputs.ts';
import * as qi from './inputs/query-inputs.ts';
import * as r from './results.ts';
import * as pl from './principal-links.ts';

/** Every user action: one replica transaction each. */
export const COMMAND_CHANNELS = {
  'organizations.create': { input: ri.createOrganizationInput, output: r.writeResult },
  'organizations.update': { input: ri.updateOrganizationInput, output: r.writeResult },
  'organizations.delete': { input: ri.idInput, output: r.writeResult },
  'organizations.restore': { input: ri.idInput, output: r.writeResult },
  'organizations.merge': { input: ri.organizationMergeInput, output: r.mergeResult },
  'contacts.create': { input: ri.createContactInput, output: r.writeResult },
  'contacts.update': { input: ri.updateContactInput, output: r.writeResult },
  'contacts.delete': { input: ri.idInput, output: r.writeResult },
  'contacts.restore': { input: ri.idInput, output: r.writeResult },
  'contacts.merge': { input: ri.contactMergeInput, output: r.mergeResult },
  'products.create': { input: ri.createProductInput, output: r.writeResult },
  'products.update': { input: ri.updateProductInput, output: r.writeResult },
  'products.delete': { input: ri.idInput, output: r.writeResult },
  'products.restore': { input: ri.idInput, output: r.writeResult },
  'opportunities.create': { input: ri.createOpportunityInput, output: r.writeResult },
  'opportunities.update': { input: ri.updateOpportunityInput, output: r.writeResult },
  'opportunities.move_stage': { input: ri.moveOpportunityStageInput, output: r.writeResult },
  'opportunities.delete': { input: ri.idInput, output: r.writeResult },
  'opportunities.restore': { input: ri.idInput, output: r.writeResult },
  'opportunities.add_product': { input: ri.opportunityProductInput, output: r.writeResult },
  'opportunities.remove_product': {
    input: ri.removeOpportunityProductInput,
    output: r.writeResult,
  },
  'interactions.log': { input: ri.logInteractionInput, output: r.writeResult },
  'interactions.update': { input: ri.updateInteractionInput, output: r.writeResult },
  'interactions.delete': { input: ri.idInput, output: r.writeResult },
  'interactions.restore': { input: ri.idInput, output: r.writeResult },
  'interactions.complete_follow_up': { input: ri.completeFollowUpInput, output: r.writeResult },
  'follow_ups.snooze': { input: ri.snoozeFollowUpInput, output: r.writeResult },
  'follow_ups.reschedule': { input: ri.rescheduleFollowUpInput, output: r.writeResult },
  'follow_ups.reassign': { input: ri.reassignFollowUpInput, output: r.writeResult },
  'interactions.set_principals': { input: pl.setInteractionPrincipalsInput, output: r.writeResult },
  'csv.preview_import': { input: ri.csvImportInput, output: r.importReport },
  'csv.import': { input: ri.csvImportInput, output: r.importReport },
  'csv.export': { input: ri.csvExportInput, output: r.csvExport },
  'sync.retry_rejected': { input: ri.retryRejectedInput, output: r.retriedRejected },
  'sync.discard_rejected': { input: ri.discardRejectedInput, output: r.discardedRejected },
  'session.prepare_sign_out': { input: ri.prepareSignOutInput, output: r.signOutReady },
} as const;

/** Every query: re-run by the UI when a table it reads changes (app.info's query_tables). */
export const QUERY_CHANNELS = {
  'dashboard.principals': {
    input: qi.principalDashboardInput,
    output: z.array(r.principalSummary),
  },
  'dashboard.pipeline': { input: qi.pipelineInput, output: z.array(r.pipelineStage) },
  'dashboard.close_reasons': { input: closeReasonReportInput, output: closeReasonReport },
  'organizations.list': { input: qi.organizationListInput, output: r.organizationPage },
  'contacts.list': { input: qi.contactListInput, output: r.contactPage },
  'products.list': { input: qi.productListInput, output: r.productPage },
  'opportunities.list': { input: qi.opportunityListInput, output: r.opportunityPage },
  'interactions.list': { input: qi.interactionListInput, output: r.interactionPage },
  'records.detail': { input: qi.recordDetailInput, output: r.recordDetail },
  'follow_ups.list': { input: qi.followUpsInput, output: r.followUpPage },
  'follow_ups.counts': { input: qi.followUpCountsInput, output: r.followUpCounts },
  'follow_ups.reminders': { input: qi.followUpRemindersInput, output: r.followUpReminders },
  search: { input: qi.searchInput, output: z.array(r.searchHit) },
  'organizations.duplicates': {
    input: qi.organizationDuplicatesInput,
    output: z.array(r.duplicateCandidate),
  },
  'contacts.duplicates': {
    input: qi.contactDuplicatesInput,
    output: z.array(r.duplicateCandidate),
  },
  'sync.queue': { input: qi.syncQueueInput, output: r.syncQueue },
  'members.list': { input: qi.membersInput, output: z.array(r.member) },
  'interactions.principals': {
    input: pl.interactionPrincipalsInput,
    output: pl.interactionPrincipals,
  },
} as const;

export const SYNC_CHANNELS = {
  'sync.status': { input: nothing, output: syncStatus },
} as const;

export const CHANNEL_CONTRACT = {
  ...COMMAND_CHANNELS,
  ...QUERY_CHANNELS,
  ...SESSION_CHANNELS,
  ...SYNC_CHANNELS,
  ...ADMIN_CHANNELS,
  ...HISTORY_CHANNELS,
} as const;

export type Contract = typeof CHANNEL_CONTRACT;
export type ChannelName = keyof Contract;
export type CommandName = keyof typeof COMMAND_CHANNELS;
export type QueryName = keyof typeof QUERY_CHANNELS;

/** What a caller sends (defaults may be left out). */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
/** What a handler receives: the input after parsing (defaults filled in). */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
/** What a caller gets back. */
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>;
/** What a handler may return (before the output schema's defaults). */
export type HandlerOutput<K extends ChannelName> = z.input<Contract[K]['output']>;
