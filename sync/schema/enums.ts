/**
 * The domain's enumerations, defined once. The PostgreSQL enum types created by
 * server-migrations must list exactly these values in this order (a test checks).
 */
import { z } from 'zod';

export const MEMBER_ROLES = ['owner', 'admin', 'manager', 'rep', 'viewer'] as const;
export const OPPORTUNITY_STAGES = [
  'New Lead',
  'Initial Outreach',
  'Sample/Visit Offered',
  'Awaiting Response',
  'Feedback Logged',
  'Demo Scheduled',
  'Closed - Won',
  'Closed - Stalled',
  'Closed - No Fit',
] as const;
export const INTERACTION_TYPES = [
  'Email',
  'Phone Call',
  'Meeting',
  'Demo/sampled',
  'Follow-up',
  'Note',
] as const;
export const SENTIMENTS = ['Positive', 'Neutral', 'Negative'] as const;
export const ADVOCACY_STATUSES = [
  'Champion',
  'Supporter',
  'Neutral',
  'Skeptic',
  'Blocker',
] as const;
export const ENGAGEMENT_LEVELS = ['High', 'Medium', 'Low', 'Inactive'] as const;
export const DEVICE_PLATFORMS = ['linux', 'darwin', 'win32', 'web', 'other'] as const;
/**
 * Why an interaction is (or is not) about a principal: derived by the server's
 * triggers, chosen by a user (0015), or removed by a user (0018: a live
 * removal hides the pair from every count, whatever the other rows say).
 */
export const INTERACTION_PRINCIPAL_SOURCES = ['derived', 'chosen', 'removed'] as const;
export const AUDIT_ACTIONS = ['insert', 'update', 'soft_delete', 'restore', 'delete'] as const;

/** Stages after which an opportunity no longer counts as open. */
export const CLOSED_STAGES = [
  'Closed - Won',
  'Closed - Stalled',
  'Closed - No Fit',
] as const satisfies readonly (typeof OPPORTUNITY_STAGES)[number][];

/**
 * Why a deal stalled or did not fit (asked when it moves to Closed - Stalled or
 * Closed - No Fit). 'Not recorded' is what deals closed so before the question
 * existed carry (migration 0017); the app never offers it.
 */
export const CLOSE_REASONS = [
  'No response',
  'Timing or budget',
  'Price or terms',
  'Chose a competitor',
  'Product not a fit',
  'No distributor coverage',
  'Other',
  'Not recorded',
] as const;
/** The reasons a person chooses from. */
export const CHOOSABLE_CLOSE_REASONS = CLOSE_REASONS.filter((r) => r !== 'Not recorded');
/** Stages that need a close reason. */
export const CLOSE_REASON_STAGES = [
  'Closed - Stalled',
  'Closed - No Fit',
] as const satisfies readonly (typeof OPPORTUNITY_STAGES)[number][];
export const needsCloseReason = (stage: unknown): boolean =>
  (CLOSE_REASON_STAGES as readonly unknown[]).includes(stage);

/** PostgreSQL enum type name -> values, as created by the migrations. */
export const PG_ENUMS = {
  member_role: MEMBER_ROLES,
  opportunity_stage: OPPORTUNITY_STAGES,
  interaction_type: INTERACTION_TYPES,
  sentiment: SENTIMENTS,
  advocacy_status: ADVOCACY_STATUSES,
  engagement_level: ENGAGEMENT_LEVELS,
  close_reason: CLOSE_REASONS,
  interaction_principal_source: INTERACTION_PRINCIPAL_SOURCES,
} as const;
export type PgEnumName = keyof typeof PG_ENUMS;

export const memberRole = z.enum(MEMBER_ROLES);
export const opportunityStage = z.enum(OPPORTUNITY_STAGES);
export const interactionType = z.enum(INTERACTION_TYPES);
export const sentiment = z.enum(SENTIMENTS);
export const advocacyStatus = z.enum(ADVOCACY_STATUSES);
export const engagementLevel = z.enum(ENGAGEMENT_LEVELS);
export const closeReason = z.enum(CLOSE_REASONS);

export type MemberRole = z.infer<typeof memberRole>;
export type OpportunityStage = z.infer<typeof opportunityStage>;
export type InteractionType = z.infer<typeof interactionType>;
export type Sentiment = z.infer<typeof sentiment>;
export type AdvocacyStatus = z.infer<typeof advocacyStatus>;
export type EngagementLevel = z.infer<typeof engagementLevel>;
export type CloseReason = z.infer<typeof closeReason>;
