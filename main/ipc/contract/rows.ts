/**
 * The rows the UI reads, snake_case as stored, built with the checked
 * builders of row-builders.ts. Labels are the names list and detail queries
 * add beside a row.
 */
import { z } from 'zod';
import {
  MUTATION_OPS,
  historyEntry,
  advocacyStatus,
  interactionType,
  opportunityStage,
  closeReason,
  sentiment,
} from '../../../sync/schema/index.ts';
import { col, label, nullable, tableRow, viewRow } from './row-builders.ts';

const base = {
  id: col.id,
  workspace_id: col.id,
  created_at: col.timestamp,
  updated_at: col.timestamp,
  created_by: nullable(col.id),
  updated_by: nullable(col.id),
  deleted_at: nullable(col.timestamp),
};
/** Columns every CRM row has, for screens that handle any record. */
export const baseRow = z.object({ ...base, _pending: z.boolean().optional() });
export type BaseRow = z.infer<typeof baseRow>;

const text = nullable(col.text);

export const organizationRow = viewRow(
  tableRow('organizations', {
    ...base,
    name: col.text,
    is_principal: col.bool,
    is_distributor: col.bool,
    is_customer: col.bool,
    segment: text,
    phone: text,
    email: text,
    website: text,
    address_line: text,
    city: text,
    region: text,
    postal_code: text,
    country: text,
    notes: text,
    account_manager_id: nullable(col.id),
    last_interaction_at: nullable(col.timestamp),
  }),
  { account_manager_name: label },
);

export const contactRow = viewRow(
  tableRow('contacts', {
    ...base,
    organization_id: nullable(col.id),
    first_name: text,
    last_name: text,
    title: text,
    email: text,
    phone: text,
    advocacy_status: advocacyStatus,
    is_key_contact: col.bool,
    notes: text,
    last_interaction_at: nullable(col.timestamp),
  }),
  { organization_name: label },
);

export const productRow = viewRow(
  tableRow('products', {
    ...base,
    principal_id: col.id,
    name: col.text,
    sku: text,
    category: text,
    description: text,
  }),
  { principal_name: label },
);

export const opportunityRow = viewRow(
  tableRow('opportunities', {
    ...base,
    name: col.text,
    organization_id: col.id,
    primary_contact_id: nullable(col.id),
    distributor_id: nullable(col.id),
    owner_id: nullable(col.id),
    stage: opportunityStage,
    context: text,
    notes: text,
    close_reason: nullable(closeReason),
    close_reason_note: text,
    stage_changed_at: col.timestamp,
    stage_change_received_at: col.timestamp,
    last_interaction_at: nullable(col.timestamp),
  }),
  { organization_name: label, primary_contact_name: label, owner_name: label },
);

export const opportunityProductRow = viewRow(
  tableRow('opportunity_products', {
    ...base,
    opportunity_id: col.id,
    product_id: col.id,
    notes: text,
  }),
  { product_name: label },
);

export const interactionRow = viewRow(
  tableRow('interactions', {
    ...base,
    interaction_type: interactionType,
    interaction_date: col.timestamp,
    notes: text,
    sentiment,
    contact_id: nullable(col.id),
    opportunity_id: nullable(col.id),
    organization_id: nullable(col.id),
    follow_up_required: col.bool,
    follow_up_date: nullable(col.date),
    follow_up_done_at: nullable(col.timestamp),
    follow_up_assignee_id: nullable(col.id),
    follow_up_time: text,
  }),
  { contact_name: label, organization_name: label, opportunity_name: label, assignee_name: label },
);

/** An audit row of a record's history, as the server's history route answers it (records.history). */
export const auditRow = historyEntry;

/** A change in the outbox (sync/client/replica/outbox-entry.ts), as the sync screen and detail pages list it. */
export const outboxEntry = z.strictObject({
  seq: col.int,
  mutation_id: col.id,
  table: z.enum([
    'organizations',
    'contacts',
    'products',
    'opportunities',
    'opportunity_products',
    'interactions',
  ]),
  op: z.enum(MUTATION_OPS),
  row_id: col.id,
  workspace_id: nullable(col.id),
  changes: nullable(z.record(z.string(), z.json())),
  created_at: col.timestamp,
  status: z.enum(['pending', 'sent', 'applied', 'rejected']),
  attempts: col.int,
  last_error: text,
  sent_at: nullable(col.timestamp),
  applied_at: nullable(col.timestamp),
  txid: text,
  rejection: z.strictObject({ code: col.text, message: col.text, field: text }).nullable(),
});

export type OrganizationRow = z.infer<typeof organizationRow>;
export type ContactRow = z.infer<typeof contactRow>;
export type ProductRow = z.infer<typeof productRow>;
export type OpportunityRow = z.infer<typeof opportunityRow>;
export type OpportunityProductRow = z.infer<typeof opportunityProductRow>;
export type InteractionRow = z.infer<typeof interactionRow>;
export type AuditRow = z.infer<typeof auditRow>;
export type OutboxEntry = z.infer<typeof outboxEntry>;
