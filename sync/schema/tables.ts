/**
 * The replicated tables: the single source of which tables and columns reach a
 * desktop replica and which of them a client may write. Secrets
 * (user_credentials) and server-only columns (search vectors) are absent on purpose.
 * A test compares this file with the migrated PostgreSQL catalog.
 */
import {
  bigint,
  bool,
  crmBase,
  date,
  enumOf,
  jsonb,
  text,
  textArray,
  timestamptz,
  uuid,
  type ColumnSpec,
} from './columns.ts';
import { isBlankText } from './text-rules.ts';

export interface TableSpec {
  columns: Record<string, ColumnSpec>;
  /** Clients send insert/update/delete/restore mutations for it (others change through admin actions or triggers). */
  clientMutations: boolean;
  /** Rows are soft-deleted (deleted_at) rather than removed. */
  softDelete: boolean;
}

const NAME = 200;

export const TABLES = {
  workspaces: {
    clientMutations: false,
    softDelete: true,
    columns: {
      id: uuid({ writer: 'insert' }),
      name: text(NAME, { format: 'not-blank' }),
      created_at: timestamptz({ writer: 'server', hasDefault: true }),
      updated_at: timestamptz({ writer: 'server', hasDefault: true }),
      deleted_at: timestamptz({ nullable: true }),
    },
  },
  users: {
    clientMutations: false,
    softDelete: false,
    columns: {
      id: uuid({ writer: 'insert' }),
      email: text(320, { format: 'email' }),
      display_name: text(NAME, { format: 'not-blank' }),
      disabled_at: timestamptz({ nullable: true, writer: 'server' }),
    },
  },
  workspace_members: {
    clientMutations: false,
    softDelete: true,
    columns: {
      id: uuid({ writer: 'insert' }),
      workspace_id: uuid({ writer: 'insert' }),
      user_id: uuid({ writer: 'insert' }),
      role: enumOf('member_role', { default: 'rep' }),
      created_at: timestamptz({ writer: 'server', hasDefault: true }),
      updated_at: timestamptz({ writer: 'server', hasDefault: true }),
      deleted_at: timestamptz({ nullable: true }),
    },
  },
  organizations: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      name: text(NAME, { format: 'not-blank' }),
      is_principal: bool(),
      is_distributor: bool(),
      is_customer: bool(),
      segment: text(100, { nullable: true }),
      phone: text(40, { nullable: true, format: 'phone' }),
      email: text(320, { nullable: true, format: 'email' }),
      website: text(300, { nullable: true }),
      address_line: text(300, { nullable: true }),
      city: text(100, { nullable: true }),
      region: text(100, { nullable: true }),
      postal_code: text(20, { nullable: true }),
      country: text(100, { nullable: true }),
      notes: text(20000, { nullable: true }),
      account_manager_id: uuid({ nullable: true }),
      last_interaction_at: timestamptz({ nullable: true, writer: 'server' }),
    },
  },
  contacts: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      organization_id: uuid({ nullable: true }),
      first_name: text(100, { nullable: true }),
      last_name: text(100, { nullable: true }),
      title: text(150, { nullable: true }),
      email: text(320, { nullable: true, format: 'email' }),
      phone: text(40, { nullable: true, format: 'phone' }),
      advocacy_status: enumOf('advocacy_status', { default: 'Neutral' }),
      is_key_contact: bool(),
      notes: text(20000, { nullable: true }),
      last_interaction_at: timestamptz({ nullable: true, writer: 'server' }),
    },
  },
  products: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      principal_id: uuid(),
      name: text(NAME, { format: 'not-blank' }),
      sku: text(60, { nullable: true }),
      category: text(100, { nullable: true }),
      description: text(5000, { nullable: true }),
    },
  },
  opportunities: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      name: text(NAME, { format: 'not-blank' }),
      organization_id: uuid(),
      primary_contact_id: uuid({ nullable: true }),
      distributor_id: uuid({ nullable: true }),
      owner_id: uuid({ nullable: true }),
      stage: enumOf('opportunity_stage', { default: 'New Lead' }),
      context: text(100, { nullable: true }),
      notes: text(20000, { nullable: true }),
      stage_changed_at: timestamptz({ writer: 'server', hasDefault: true }),
      last_interaction_at: timestamptz({ nullable: true, writer: 'server' }),
    },
  },
  opportunity_products: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      opportunity_id: uuid({ writer: 'insert' }),
      product_id: uuid({ writer: 'insert' }),
      notes: text(2000, { nullable: true }),
    },
  },
  opportunity_principals: {
    clientMutations: false,
    softDelete: true,
    columns: {
      ...crmBase(),
      deleted_at: timestamptz({ nullable: true, writer: 'server' }),
      opportunity_id: uuid({ writer: 'server' }),
      principal_id: uuid({ writer: 'server' }),
    },
  },
  interactions: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      interaction_type: enumOf('interaction_type'),
      interaction_date: timestamptz({ hasDefault: true }),
      notes: text(20000, { nullable: true }),
      sentiment: enumOf('sentiment', { default: 'Neutral' }),
      contact_id: uuid({ nullable: true }),
      opportunity_id: uuid({ nullable: true }),
      organization_id: uuid({ nullable: true }),
      follow_up_required: bool(),
      follow_up_date: date({ nullable: true }),
      follow_up_done_at: timestamptz({ nullable: true }),
    },
  },
  /**
   * The principals an interaction is about (0015). `derived` rows are the
   * server's (from the interaction's opportunity, or the principal it is with);
   * a client inserts `chosen` ones (source is the server's default) and removes
   * them with a soft delete.
   */
  interaction_principals: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      interaction_id: uuid({ writer: 'insert' }),
      principal_id: uuid({ writer: 'insert' }),
      source: enumOf('interaction_principal_source', { default: 'chosen', writer: 'server' }),
    },
  },
  audit_log: {
    clientMutations: false,
    softDelete: false,
    columns: {
      id: uuid({ writer: 'server' }),
      workspace_id: uuid({ writer: 'server' }),
      table_name: text(100, { writer: 'server' }),
      record_id: uuid({ writer: 'server' }),
      action: text(20, { writer: 'server' }),
      actor_id: uuid({ nullable: true, writer: 'server' }),
      changed_fields: textArray({ writer: 'server', hasDefault: true }),
      old_values: jsonb({ nullable: true, writer: 'server' }),
      new_values: jsonb({ nullable: true, writer: 'server' }),
      transaction_id: bigint({ writer: 'server', hasDefault: true }),
      occurred_at: timestamptz({ writer: 'server', hasDefault: true }),
    },
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const MUTABLE_TABLES = TABLE_NAMES.filter((t) => TABLES[t].clientMutations);

/** Primary key columns of a replicated table (audit_log is keyed by id and time, as partitioned). */
export function primaryKey(table: TableName): string[] {
  return table === 'audit_log' ? ['id', 'occurred_at'] : ['id'];
}

export function columnsOf(table: TableName): string[] {
  return Object.keys(TABLES[table].columns);
}

/**
 * What a person's empty field means: blank text (whitespace or zero-width
 * characters only) in a nullable column is "no value" (null), so clearing a
 * field is not an invalid email. The forms and the core both apply this.
 */
export function blankAsNull(table: TableName, field: string, value: unknown): unknown {
  const spec = (TABLES[table].columns as Record<string, ColumnSpec>)[field];
  return spec?.nullable && typeof value === 'string' && isBlankText(value) ? null : value;
}

/** Columns only the server writes (stamps, derived values such as last_interaction_at): nobody types them. */
export function serverWrittenColumns(table: TableName): string[] {
  return Object.entries(TABLES[table].columns as Record<string, ColumnSpec>)
    .filter(([, c]) => c.writer === 'server')
    .map(([n]) => n);
}

export function insertableColumns(table: TableName): string[] {
  return Object.entries(TABLES[table].columns as Record<string, ColumnSpec>)
    .filter(([, c]) => c.writer !== 'server')
    .map(([n]) => n);
}

export function updatableColumns(table: TableName): string[] {
  return Object.entries(TABLES[table].columns as Record<string, ColumnSpec>)
    .filter(([, c]) => c.writer === 'client')
    .map(([n]) => n);
}
