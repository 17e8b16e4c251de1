/**
 * The result shapes of the core's channels, as the UI reads them. The renderer
 * may not import main/core (dependencies point inward), so these mirror the
 * core's exported types (PrincipalSummary, Page, RecordDetail, SearchHit, ...)
 * and the replicated columns of sync/schema. Rows come snake_case, as stored.
 */
import type {
  AdvocacyStatus,
  EngagementLevel,
  InteractionType,
  MemberRole,
  OpportunityStage,
  Sentiment,
} from '../../../sync/schema/index.ts';

export interface AppInfo {
  account: {
    id: string;
    kind: 'local' | 'server';
    server_url?: string;
    email: string;
    display_name: string;
    workspace_id: string;
    workspace_name: string;
  };
  /** The user's role in the workspace; null until the first sync delivers it. */
  role: MemberRole | null;
  /** This installation's device id (marks "this device" in the admin device list). */
  device_id: string;
  /** Query name -> tables it reads; a `changed` event naming one re-runs the query. */
  query_tables: Record<string, string[]>;
}

/** Columns every CRM row has, plus `_pending` (a local change the server has not confirmed). */
export interface BaseRow {
  id: string;
  workspace_id: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  deleted_at: string | null;
  _pending?: boolean;
}

export interface Organization extends BaseRow {
  name: string;
  is_principal: boolean;
  is_distributor: boolean;
  is_customer: boolean;
  segment: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  address_line: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  notes: string | null;
  account_manager_id: string | null;
  last_interaction_at: string | null;
  account_manager_name?: string | null;
}

export interface Contact extends BaseRow {
  organization_id: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  advocacy_status: AdvocacyStatus;
  is_key_contact: boolean;
  notes: string | null;
  last_interaction_at: string | null;
  organization_name?: string | null;
}

export interface Product extends BaseRow {
  principal_id: string;
  name: string;
  sku: string | null;
  category: string | null;
  description: string | null;
  principal_name?: string | null;
}

export interface Opportunity extends BaseRow {
  name: string;
  organization_id: string;
  primary_contact_id: string | null;
  distributor_id: string | null;
  owner_id: string | null;
  stage: OpportunityStage;
  context: string | null;
  notes: string | null;
  stage_changed_at: string;
  last_interaction_at: string | null;
  organization_name?: string | null;
  primary_contact_name?: string | null;
  owner_name?: string | null;
}

export interface Interaction extends BaseRow {
  interaction_type: InteractionType;
  interaction_date: string;
  notes: string | null;
  sentiment: Sentiment;
  contact_id: string | null;
  opportunity_id: string | null;
  organization_id: string | null;
  follow_up_required: boolean;
  follow_up_date: string | null;
  follow_up_done_at: string | null;
  contact_name?: string | null;
  organization_name?: string | null;
  opportunity_name?: string | null;
}

export type Urgency = 'overdue' | 'due' | 'upcoming' | 'unscheduled';
export type FollowUp = Interaction & { urgency: Urgency };

export interface AuditRow {
  id: string;
  table_name: string;
  record_id: string;
  action: 'insert' | 'update' | 'soft_delete' | 'restore' | 'delete';
  actor_id: string | null;
  actor_name?: string | null;
  changed_fields: string[];
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  transaction_id: string | number;
  occurred_at: string;
}

export interface Page<T> {
  rows: T[];
  next_cursor: string | null;
}

export interface PrincipalSummary {
  principal_id: string;
  name: string;
  opportunities_count: number;
  interactions_count: number;
  products_count: number;
  last_activity_at: string | null;
  engagement_level: EngagementLevel;
  follow_ups_due_count: number;
  /** The organization's own last_interaction_at, as its list and page show it. */
  last_interaction_at: string | null;
}

export interface PipelineStage {
  stage: OpportunityStage;
  position: number;
  opportunities_count: number;
  last_stage_change_at: string | null;
  closed: boolean;
}

export type OutboxStatus = 'pending' | 'sent' | 'applied' | 'rejected';
export type MutationTable =
  | 'organizations'
  | 'contacts'
  | 'products'
  | 'opportunities'
  | 'opportunity_products'
  | 'interactions';

export interface OutboxEntry {
  seq: number;
  mutation_id: string;
  table: MutationTable;
  op: 'insert' | 'update' | 'delete' | 'restore';
  row_id: string;
  workspace_id: string | null;
  changes: Record<string, unknown> | null;
  created_at: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  applied_at: string | null;
  txid: string | null;
  rejection: { code: string; message: string; field: string | null } | null;
}

export interface QueueEntry extends OutboxEntry {
  label: string | null;
}

export interface SyncQueue {
  counts: Record<OutboxStatus, number>;
  unsynced: number;
  rejected: QueueEntry[];
  waiting: QueueEntry[];
}

export type DetailTable =
  'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';

export interface RecordDetail<R = BaseRow> {
  table: DetailTable;
  record: R;
  pending: OutboxEntry[];
  rejected: OutboxEntry[];
  timeline: Interaction[];
  audit: AuditRow[];
  related: Record<string, BaseRow[]>;
}

export type SearchTable =
  'organizations' | 'contacts' | 'products' | 'opportunities' | 'interactions';

export interface SearchHit {
  table: SearchTable;
  id: string;
  title: string;
  subtitle: string | null;
  /** Matched words are between \u0002 and \u0003. */
  snippet: string;
  pending: boolean;
}

export type DuplicateReason = 'similar_name' | 'same_email' | 'same_phone' | 'same_domain';
export interface DuplicateCandidate {
  id: string;
  label: string;
  reasons: DuplicateReason[];
  score: number;
}

export interface WriteResult {
  id: string;
  changed: string[];
}

export interface MergeResult {
  winner_id: string;
  loser_id: string;
  filled: string[];
  moved: Record<string, number>;
}

export type CsvTable = 'organizations' | 'contacts' | 'opportunities' | 'interactions';
export type ImportRowAction = 'create' | 'update' | 'skip';
export interface ImportRow {
  line: number;
  id: string | null;
  values: Record<string, unknown>;
  names: Record<string, string>;
  issues: { field: string; message: string }[];
  duplicates: { id: string | null; label: string; reason: DuplicateReason }[];
  action: ImportRowAction;
}
export interface ImportReport {
  table: CsvTable;
  mode: 'all_or_nothing' | 'valid_rows';
  mapping: { header: string; field: string | null }[];
  fields: string[];
  columns: string[];
  unknown_columns: string[];
  rows: ImportRow[];
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  skipped: number;
  imported: number;
}
export interface CsvImportInput {
  table: CsvTable;
  csv: string;
  mode?: 'all_or_nothing' | 'valid_rows';
  /** Header -> field ('' leaves the column out). */
  mapping?: Record<string, string>;
  on_duplicate?: ImportRowAction;
  /** Per line of the file. */
  actions?: Record<string, ImportRowAction>;
}
export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}

export type FollowUpCounts = Record<Urgency, number>;
