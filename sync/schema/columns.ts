/**
 * Column descriptions shared by every end of sync: the server (shape column
 * lists, mutation allowlists), the SQLite replica (type mapping) and the UI
 * (form validation). Names are PostgreSQL's, snake_case end to end.
 */
import type { PG_ENUMS, PgEnumName } from './enums.ts';

/** A text rule beyond length; 'time-of-day' is a wall-clock HH:MM (24 h), as a follow-up's time. */
export type TextFormat = 'email' | 'phone' | 'not-blank' | 'time-of-day';

export type ColumnType =
  | { kind: 'uuid' }
  | { kind: 'text'; max?: number; format?: TextFormat }
  | { kind: 'boolean' }
  | { kind: 'integer' }
  | { kind: 'bigint' }
  | { kind: 'timestamptz' }
  | { kind: 'date' }
  | { kind: 'jsonb' }
  | { kind: 'text[]' }
  | { kind: 'enum'; name: PgEnumName };

/**
 * Who writes a column:
 * - `client`: set on insert and changeable by update mutations;
 * - `insert`: set once on insert (ids, workspace, the two ends of a link);
 * - `server`: kept by the server or its triggers (stamps, derived values); read-only to clients.
 */
export type ColumnWriter = 'client' | 'insert' | 'server';

export interface ColumnSpec {
  type: ColumnType;
  nullable: boolean;
  writer: ColumnWriter;
  /** The database fills it when an insert omits it. */
  hasDefault: boolean;
  /**
   * The database's DEFAULT when it is a constant (an enum label, false): the
   * value a replica shows for a field a local insert left out, until the
   * server's row arrives. Absent for expressions (now()). A test pins it to
   * information_schema.columns.column_default.
   */
  defaultValue?: string | boolean;
}

interface Opts {
  nullable?: boolean;
  writer?: ColumnWriter;
  hasDefault?: boolean;
}

function col(type: ColumnType, o: Opts = {}, defaultValue?: string | boolean): ColumnSpec {
  return {
    type,
    nullable: o.nullable ?? false,
    writer: o.writer ?? 'client',
    hasDefault: o.hasDefault ?? defaultValue !== undefined,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
}

export const uuid = (o?: Opts) => col({ kind: 'uuid' }, o);
export const text = (max: number, o?: Opts & { format?: TextFormat }) =>
  col({ kind: 'text', max, ...(o?.format ? { format: o.format } : {}) }, o);
/** Every boolean column is NOT NULL DEFAULT false. */
export const bool = (o?: Opts) => col({ kind: 'boolean' }, o, false);
export const integer = (o?: Opts) => col({ kind: 'integer' }, o);
export const bigint = (o?: Opts) => col({ kind: 'bigint' }, o);
export const timestamptz = (o?: Opts) => col({ kind: 'timestamptz' }, o);
export const date = (o?: Opts) => col({ kind: 'date' }, o);
export const jsonb = (o?: Opts) => col({ kind: 'jsonb' }, o);
export const textArray = (o?: Opts) => col({ kind: 'text[]' }, o);
export const enumOf = <N extends PgEnumName>(
  name: N,
  o?: Opts & { default?: (typeof PG_ENUMS)[N][number] },
) => col({ kind: 'enum', name }, o, o?.default);

/** The columns every CRM table has: client-generated id, tenant, stamps, soft delete. */
export function crmBase() {
  return {
    id: uuid({ writer: 'insert' }),
    workspace_id: uuid({ writer: 'insert' }),
    created_at: timestamptz({ writer: 'server', hasDefault: true }),
    updated_at: timestamptz({ writer: 'server', hasDefault: true }),
    created_by: uuid({ writer: 'server', nullable: true }),
    updated_by: uuid({ writer: 'server', nullable: true }),
    deleted_at: timestamptz({ nullable: true }),
  };
}
