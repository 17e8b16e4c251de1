/**
 * The columns the seed writes, with the PostgreSQL type of each unnest array,
 * and the counts it reads back. Server-kept columns (stamps, search vectors,
 * last_interaction_at, stage_changed_at, opportunity_principals) are absent on
 * purpose: the triggers fill them.
 */
import type pg from 'pg';
import type {
  ContactRow,
  InteractionPrincipalRow,
  InteractionRow,
  MemberRow,
  OpportunityProductRow,
  OpportunityRow,
  OrganizationRow,
  ProductRow,
} from './model.ts';

export interface Column<R> {
  name: keyof R & string;
  /** PostgreSQL element type of the unnest array. */
  type: string;
}

export const MEMBER_COLUMNS: Column<MemberRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'user_id', type: 'uuid' },
  { name: 'role', type: 'public.member_role' },
];
export const ORGANIZATION_COLUMNS: Column<OrganizationRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'is_principal', type: 'boolean' },
  { name: 'is_distributor', type: 'boolean' },
  { name: 'segment', type: 'text' },
  { name: 'phone', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'website', type: 'text' },
  { name: 'address_line', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'region', type: 'text' },
  { name: 'postal_code', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'notes', type: 'text' },
  { name: 'account_manager_id', type: 'uuid' },
];
export const CONTACT_COLUMNS: Column<ContactRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'organization_id', type: 'uuid' },
  { name: 'first_name', type: 'text' },
  { name: 'last_name', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'phone', type: 'text' },
  { name: 'advocacy_status', type: 'public.advocacy_status' },
  { name: 'is_key_contact', type: 'boolean' },
  { name: 'notes', type: 'text' },
];
export const PRODUCT_COLUMNS: Column<ProductRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'principal_id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'sku', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'description', type: 'text' },
];
export const OPPORTUNITY_COLUMNS: Column<OpportunityRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'organization_id', type: 'uuid' },
  { name: 'primary_contact_id', type: 'uuid' },
  { name: 'distributor_id', type: 'uuid' },
  { name: 'owner_id', type: 'uuid' },
  { name: 'stage', type: 'public.opportunity_stage' },
  { name: 'context', type: 'text' },
  { name: 'notes', type: 'text' },
  { name: 'close_reason', type: 'public.close_reason' },
];
export const OPPORTUNITY_PRODUCT_COLUMNS: Column<OpportunityProductRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'opportunity_id', type: 'uuid' },
  { name: 'product_id', type: 'uuid' },
  { name: 'notes', type: 'text' },
];
export const INTERACTION_PRINCIPAL_COLUMNS: Column<InteractionPrincipalRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'interaction_id', type: 'uuid' },
  { name: 'principal_id', type: 'uuid' },
];
export const INTERACTION_COLUMNS: Column<InteractionRow>[] = [
  { name: 'id', type: 'uuid' },
  { name: 'workspace_id', type: 'uuid' },
  { name: 'interaction_type', type: 'public.interaction_type' },
  { name: 'interaction_date', type: 'timestamptz' },
  { name: 'notes', type: 'text' },
  { name: 'sentiment', type: 'public.sentiment' },
  { name: 'contact_id', type: 'uuid' },
  { name: 'opportunity_id', type: 'uuid' },
  { name: 'organization_id', type: 'uuid' },
  { name: 'follow_up_required', type: 'boolean' },
  { name: 'follow_up_date', type: 'date' },
  { name: 'follow_up_done_at', type: 'timestamptz' },
];

export type Counts = Record<string, number>;

/** What is in the database for this workspace now, trigger-derived rows included. */
export async function countWorkspace(client: pg.ClientBase, workspaceId: string): Promise<Counts> {
  const { rows } = await client.query<Record<string, string>>(
    `SELECT
       (SELECT count(*) FROM public.workspace_members WHERE workspace_id = $1) AS workspace_members,
       (SELECT count(*) FROM public.organizations WHERE workspace_id = $1) AS organizations,
       (SELECT count(*) FROM public.organizations WHERE workspace_id = $1 AND is_principal) AS principals,
       (SELECT count(*) FROM public.organizations WHERE workspace_id = $1 AND is_distributor) AS distributors,
       (SELECT count(*) FROM public.organizations WHERE workspace_id = $1 AND NOT is_principal AND NOT is_distributor) AS customers,
       (SELECT count(*) FROM public.contacts WHERE workspace_id = $1) AS contacts,
       (SELECT count(*) FROM public.products WHERE workspace_id = $1) AS products,
       (SELECT count(*) FROM public.opportunities WHERE workspace_id = $1) AS opportunities,
       (SELECT count(*) FROM public.opportunity_products WHERE workspace_id = $1) AS opportunity_products,
       (SELECT count(*) FROM public.opportunity_principals WHERE workspace_id = $1) AS opportunity_principals,
       (SELECT count(*) FROM public.interactions WHERE workspace_id = $1) AS interactions,
       (SELECT count(*) FROM public.interaction_principals WHERE workspace_id = $1 AND source = 'chosen') AS chosen_interaction_principals,
       (SELECT count(*) FROM public.interaction_principals WHERE workspace_id = $1 AND source = 'derived') AS derived_interaction_principals,
       (SELECT count(*) FROM public.interactions WHERE workspace_id = $1 AND follow_up_required
          AND follow_up_done_at IS NULL AND deleted_at IS NULL) AS open_follow_ups,
       (SELECT count(*) FROM public.organizations WHERE workspace_id = $1 AND deleted_at IS NOT NULL)
       + (SELECT count(*) FROM public.contacts WHERE workspace_id = $1 AND deleted_at IS NOT NULL)
       + (SELECT count(*) FROM public.products WHERE workspace_id = $1 AND deleted_at IS NOT NULL)
       + (SELECT count(*) FROM public.opportunities WHERE workspace_id = $1 AND deleted_at IS NOT NULL)
       + (SELECT count(*) FROM public.interactions WHERE workspace_id = $1 AND deleted_at IS NOT NULL) AS soft_deleted,
       (SELECT count(*) FROM public.audit_log WHERE workspace_id = $1) AS audit_log`,
    [workspaceId],
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}
