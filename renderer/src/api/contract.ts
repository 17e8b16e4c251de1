/**
 * Channel names the UI calls, with the input it sends and the value it gets
 * back, so hooks are typed by name. Inputs mirror the zod inputs of the core's
 * COMMANDS and QUERIES (main/core/index.ts); the channel validates them again.
 */
import type { EngagementLevel, OpportunityStage } from '../../../sync/schema/index.ts';
import type {
  AppInfo,
  BaseRow,
  Contact,
  CsvExport,
  CsvImportInput,
  CsvTable,
  DetailTable,
  DuplicateCandidate,
  FollowUp,
  FollowUpCounts,
  ImportReport,
  Interaction,
  MergeResult,
  Opportunity,
  Organization,
  Page,
  PipelineStage,
  PrincipalSummary,
  Product,
  RecordDetail,
  SearchHit,
  SearchTable,
  SyncQueue,
  Urgency,
  WriteResult,
} from './types.ts';

export interface PageInput {
  dir?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
  q?: string;
  deleted?: 'live' | 'deleted' | 'all';
  sort?: string;
}

export interface OrganizationFilters {
  is_principal?: boolean;
  is_distributor?: boolean;
  is_customer?: boolean;
  segment?: string;
}
export interface ContactFilters {
  organization_id?: string | null;
  advocacy_status?: Contact['advocacy_status'];
  is_key_contact?: boolean;
}
export interface ProductFilters {
  principal_id?: string;
  category?: string;
}
export interface OpportunityFilters {
  stage?: OpportunityStage[];
  open_only?: boolean;
  organization_id?: string;
  distributor_id?: string;
  principal_id?: string;
}
export interface InteractionFilters {
  interaction_type?: Interaction['interaction_type'];
  contact_id?: string;
  opportunity_id?: string;
  organization_id?: string;
  follow_up?: 'open' | 'done' | 'none';
  mine?: boolean;
}

export interface Queries {
  'app.info': { input: undefined; output: AppInfo };
  'dashboard.principals': { input: { today?: string; now?: string }; output: PrincipalSummary[] };
  'dashboard.pipeline': { input: { principal_id?: string }; output: PipelineStage[] };
  'organizations.list': { input: PageInput & OrganizationFilters; output: Page<Organization> };
  'contacts.list': { input: PageInput & ContactFilters; output: Page<Contact> };
  'products.list': { input: PageInput & ProductFilters; output: Page<Product> };
  'opportunities.list': { input: PageInput & OpportunityFilters; output: Page<Opportunity> };
  'interactions.list': { input: PageInput & InteractionFilters; output: Page<Interaction> };
  'records.detail': {
    input: { table: DetailTable; id: string; timeline_limit?: number; audit_limit?: number };
    output: RecordDetail<BaseRow>;
  };
  'follow_ups.list': {
    input: {
      urgency?: Urgency[];
      mine?: boolean;
      limit?: number;
      cursor?: string;
      dir?: 'asc' | 'desc';
    };
    output: Page<FollowUp>;
  };
  'follow_ups.counts': { input: { mine?: boolean }; output: FollowUpCounts };
  search: { input: { q: string; tables?: SearchTable[]; limit?: number }; output: SearchHit[] };
  'organizations.duplicates': {
    input: {
      name?: string | null;
      email?: string | null;
      phone?: string | null;
      website?: string | null;
      exclude_id?: string;
    };
    output: DuplicateCandidate[];
  };
  'contacts.duplicates': {
    input: {
      first_name?: string | null;
      last_name?: string | null;
      email?: string | null;
      phone?: string | null;
      organization_id?: string | null;
      exclude_id?: string;
    };
    output: DuplicateCandidate[];
  };
  'sync.queue': { input: { limit?: number }; output: SyncQueue };
}

type Fields = Record<string, unknown>;
type IdInput = { id: string };

export interface Commands {
  'organizations.create': { input: Fields; output: WriteResult };
  'organizations.update': { input: Fields & IdInput; output: WriteResult };
  'organizations.delete': { input: IdInput; output: WriteResult };
  'organizations.restore': { input: IdInput; output: WriteResult };
  'organizations.merge': {
    input: { winner_id: string; loser_id: string; choose?: Record<string, 'winner' | 'loser'> };
    output: MergeResult;
  };
  'contacts.create': { input: Fields; output: WriteResult };
  'contacts.update': { input: Fields & IdInput; output: WriteResult };
  'contacts.delete': { input: IdInput; output: WriteResult };
  'contacts.restore': { input: IdInput; output: WriteResult };
  'contacts.merge': {
    input: { winner_id: string; loser_id: string; choose?: Record<string, 'winner' | 'loser'> };
    output: MergeResult;
  };
  'products.create': { input: Fields; output: WriteResult };
  'products.update': { input: Fields & IdInput; output: WriteResult };
  'products.delete': { input: IdInput; output: WriteResult };
  'products.restore': { input: IdInput; output: WriteResult };
  'opportunities.create': { input: Fields; output: WriteResult };
  'opportunities.update': { input: Fields & IdInput; output: WriteResult };
  'opportunities.move_stage': {
    input: { id: string; stage: OpportunityStage };
    output: WriteResult;
  };
  'opportunities.delete': { input: IdInput; output: WriteResult };
  'opportunities.restore': { input: IdInput; output: WriteResult };
  'opportunities.add_product': {
    input: { opportunity_id: string; product_id: string; notes?: string | null };
    output: WriteResult;
  };
  'opportunities.remove_product': {
    input: { opportunity_id: string; product_id: string };
    output: WriteResult;
  };
  'interactions.log': { input: Fields; output: WriteResult };
  'interactions.update': { input: Fields & IdInput; output: WriteResult };
  'interactions.delete': { input: IdInput; output: WriteResult };
  'interactions.restore': { input: IdInput; output: WriteResult };
  'interactions.complete_follow_up': { input: { id: string; done?: boolean }; output: WriteResult };
  'csv.preview_import': {
    input: CsvImportInput;
    output: ImportReport;
  };
  'csv.import': {
    input: CsvImportInput;
    output: ImportReport;
  };
  'csv.export': { input: { table: CsvTable; include_deleted?: boolean }; output: CsvExport };
  'sync.retry_rejected': {
    input: { mutation_id: string; changes?: Record<string, unknown> };
    output: { mutation_id: string };
  };
  'sync.discard_rejected': { input: { mutation_id: string }; output: { discarded: string } };
}

export type QueryName = keyof Queries;
export type CommandName = keyof Commands;
export type { EngagementLevel };
