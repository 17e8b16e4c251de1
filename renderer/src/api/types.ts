/**
 * The result shapes the UI reads, by the names screens use. Each is the
 * channel contract's type (main/ipc/contract), never a copy: a field the core
 * stops sending is a compile error here, not a blank cell.
 */
import type {
  AppInfo,
  AuditRow,
  BaseRow,
  ChannelOutput,
  ContactRow,
  CsvTable,
  DuplicateReason,
  InteractionRow,
  OpportunityRow,
  OrganizationRow,
  OutboxEntry,
  ProductRow,
  RecordTable,
  Urgency,
} from '../../../main/ipc/contract/index.ts';

/** A record's history as records.history answers it. */
export type RecordHistory = ChannelOutput<'records.history'>;
export type OwnChange = RecordHistory['own_changes'][number];

export type {
  AppInfo,
  AuditRow,
  BaseRow,
  CsvTable,
  DuplicateReason,
  OutboxEntry,
  Urgency,
  ContactRow as Contact,
  InteractionRow as Interaction,
  OpportunityRow as Opportunity,
  OrganizationRow as Organization,
  ProductRow as Product,
  RecordTable as DetailTable,
  RecordTable as SearchTable,
};
export type { EngagementLevel } from '../../../sync/schema/index.ts';

export interface Page<T> {
  rows: T[];
  next_cursor: string | null;
}

export type FollowUp = ChannelOutput<'follow_ups.list'>['rows'][number];
export type FollowUpCounts = ChannelOutput<'follow_ups.counts'>;
export type PrincipalSummary = ChannelOutput<'dashboard.principals'>[number];
export type PipelineStage = ChannelOutput<'dashboard.pipeline'>[number];
export type SyncQueue = ChannelOutput<'sync.queue'>;
export type QueueEntry = SyncQueue['rejected'][number];
export type SearchHit = ChannelOutput<'search'>[number];
export type DuplicateCandidate = ChannelOutput<'organizations.duplicates'>[number];
export type WriteResult = ChannelOutput<'organizations.create'>;
export type MergeResult = ChannelOutput<'organizations.merge'>;
export type ImportReport = ChannelOutput<'csv.import'>;
export type ImportRow = ImportReport['rows'][number];
export type ImportRowAction = ImportRow['action'];
export type CsvExport = ChannelOutput<'csv.export'>;

/** A record's page, its record typed as the screen's table's row (the contract says: one of the record rows). */
export type RecordDetail<R = BaseRow> = Omit<ChannelOutput<'records.detail'>, 'record'> & {
  record: R;
};
