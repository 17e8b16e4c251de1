/**
 * The replicated tables: the single source of which tables and columns reach a
 * desktop replica and which of them a client may write. Secrets
 * (user_credentials) and server-only columns (search vectors) are absent on purpose,
 * and so is audit_log: a record's history is read from the server on demand
 * (history.ts, GET /v1/history/:table/:id), not kept whole on every desktop.
 * A test compares this file with the migrated PostgreSQL catalog.
 */
import {
  bool,
  crmBase,
  date,
  enumOf,
  text,
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
      /** Why it stalled or did not fit: required in those stages (validation.ts, and a CHECK). */
      close_reason: enumOf('close_reason', { nullable: true }),
      close_reason_note: text(500, { nullable: true }),
      /** When the user moved the stage (the device clock, checked: client-time-rules.ts). */
      stage_changed_at: timestamptz({ writer: 'server', hasDefault: true }),
      /** When the server received that move (equal to stage_changed_at for changes made online). */
      stage_change_received_at: timestamptz({ writer: 'server', hasDefault: true }),
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
      /** Who is to do the follow-up; the server fills in whoever made it one (migration 0016). */
      follow_up_assignee_id: uuid({ nullable: true }),
      /** Optional time of day on follow_up_date, HH:MM in the assignee's own day (like the date, no zone). */
      follow_up_time: text(5, { nullable: true, format: 'time-of-day' }),
    },
  },
  /**
   * The principals an interaction is about (0015). `derived` rows are the
   * server's (from the interaction's opportunity, or the principal it is with);
   * a client inserts `chosen` ones (the default) or `removed` ones (0018: "not
   * about this principal", even a derived one) and takes either back with a
   * soft delete. The client names the source on insert; `derived` is refused
   * by validation (a rejection naming the field) and, behind it, by RLS.
   */
  interaction_principals: {
    clientMutations: true,
    softDelete: true,
    columns: {
      ...crmBase(),
      interaction_id: uuid({ writer: 'insert' }),
      principal_id: uuid({ writer: 'insert' }),
      source: enumOf('interaction_principal_source', {
        default: 'chosen',
        writer: 'insert',
        clientValues: ['chosen', 'removed'],
      }),
    },
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const MUTABLE_TABLES = TABLE_NAMES.filter((t) => TABLES[t].clientMutations);

/** Primary key columns of a replicated table. */
export function primaryKey(_table: TableName): string[] {
  return ['id'];
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

type ColumnsOf<T extends TableName> = (typeof TABLES)[T]['columns'];

/**
 * The columns a person may type into for a table (written by the client, on
 * insert or later), as a type: a form listing a stamp, a derived value or a
 * column that does not exist fails the compile, not a save.
 */
export type WritableColumn<T extends TableName> = {
  [K in keyof ColumnsOf<T>]: ColumnsOf<T>[K] extends { writer: 'server' } ? never : K;
}[keyof ColumnsOf<T>] &
  string;
