/**
 * The rows the generators build and the writer inserts. Field names are the
 * column names, so the writer can map them without a translation table.
 * `actor` and `deleted_at` are instructions to the writer, not columns it
 * inserts: rows are inserted live with crm.user_id = actor (so created_by and
 * the audit actor are that member), and rows with deleted_at are soft-deleted
 * afterwards by an UPDATE, which the audit trail records as a soft delete.
 */
import type { AdvocacyStatus, CloseReason, MemberRole, OpportunityStage } from '../../sync/schema/index.ts';
import type { Anchor } from './dates.ts';
import type { Territory } from './places.ts';
import type { Rng } from './random.ts';

export interface Stamped {
  actor: string;
  deleted_at: string | null;
}

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: MemberRole;
  workspace_id: string;
}

export interface MemberRow {
  id: string;
  workspace_id: string;
  user_id: string;
  role: MemberRole;
}

export interface WorkspaceRow {
  id: string;
  name: string;
  owner_id: string;
}

export interface OrganizationRow extends Stamped {
  id: string;
  workspace_id: string;
  name: string;
  is_principal: boolean;
  is_distributor: boolean;
  segment: string;
  phone: string | null;
  email: string | null;
  website: string | null;
  address_line: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  notes: string | null;
  account_manager_id: string;
}

export interface ContactRow extends Stamped {
  id: string;
  workspace_id: string;
  organization_id: string;
  first_name: string;
  last_name: string;
  title: string;
  email: string | null;
  phone: string | null;
  advocacy_status: AdvocacyStatus;
  is_key_contact: boolean;
  notes: string | null;
}

export interface ProductRow extends Stamped {
  id: string;
  workspace_id: string;
  principal_id: string;
  name: string;
  sku: string;
  category: string;
  description: string;
}

export interface OpportunityRow extends Stamped {
  id: string;
  workspace_id: string;
  name: string;
  organization_id: string;
  primary_contact_id: string | null;
  distributor_id: string | null;
  owner_id: string;
  stage: OpportunityStage;
  context: string;
  notes: string | null;
  close_reason: CloseReason | null;
}

export interface OpportunityProductRow extends Stamped {
  id: string;
  workspace_id: string;
  opportunity_id: string;
  product_id: string;
  notes: string | null;
}

export interface InteractionRow extends Stamped {
  id: string;
  workspace_id: string;
  interaction_type: string;
  interaction_date: string;
  notes: string;
  sentiment: string;
  contact_id: string | null;
  opportunity_id: string | null;
  /** Only for interactions about an organization alone; otherwise the trigger derives it. */
  organization_id: string | null;
  follow_up_required: boolean;
  follow_up_date: string | null;
  follow_up_done_at: string | null;
  /**
   * The account the interaction is about (not a column). The writer inserts an
   * account's interactions together, because the last_interaction_at trigger
   * then refreshes each account, contact and deal about once instead of once
   * per statement it appears in.
   */
  locality: number;
}

/** A principal a rep chose on an interaction (derived ones are the server's). */
export interface InteractionPrincipalRow extends Stamped {
  id: string;
  workspace_id: string;
  interaction_id: string;
  principal_id: string;
}

/** The workspace's members by role; `writers` are the ones who create CRM rows. */
export interface Team {
  owner: string;
  admin: string;
  manager: string;
  reps: string[];
  viewer: string;
  writers: string[];
}

/** What every generator needs: its rng, the id factory, the anchor and the workspace. */
export interface GenContext {
  rng: Rng;
  id: () => string;
  anchor: Anchor;
  workspaceId: string;
  territory: Territory;
  team: Team;
}

export interface WorkspacePlan {
  index: number;
  workspace: WorkspaceRow;
  users: UserRow[];
  members: MemberRow[];
  organizations: OrganizationRow[];
  contacts: ContactRow[];
  products: ProductRow[];
  opportunities: OpportunityRow[];
  opportunityProducts: OpportunityProductRow[];
  interactions: InteractionRow[];
  interactionPrincipals: InteractionPrincipalRow[];
}

/** Sizes of one workspace, resolved from the flags (see options.ts). */
export interface Sizes {
  interactions: number;
  opportunities: number;
  principals: number;
  distributors: number;
  customers: number;
  contacts: number;
  products: number;
  reps: number;
}
