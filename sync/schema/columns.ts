/**
 * Column descriptions shared by every end of sync: the server (shape column
 * lists, mutation allowlists), the SQLite replica (type mapping) and the UI
 * (form validation). Names are PostgreSQL's, snake_case end to end.
 */
import type { PgEnumName } from './enums.ts';

export type ColumnType =
  | { kind: 'uuid' }
  | { kind: 'text'; max?: number; format?: 'email' | 'phone' | 'not-blank' }
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
}

interface Opts {
  nullable?: boolean;
  writer?: ColumnWriter;
  hasDefault?: boolean;
}

function col(type: ColumnType, o: Opts = {}): ColumnSpec {
  return { type, nullable: o.nullable ?? false, writer: o.writer ?? 'client', hasDefault: o.hasDefault ?? false };
}

export const uuid = (o?: Opts) => col({ kind: 'uuid' }, o);
export const text = (max: number, o?: Opts & { format?: 'email' | 'phone' | 'not-blank' }) =>
  col({ kind: 'text', max, ...(o?.format ? { format: o.format } : {}) }, o);
export const bool = (o?: Opts) => col({ kind: 'boolean' }, { hasDefault: true, ...o });
export const integer = (o?: Opts) => col({ kind: 'integer' }, o);
export const bigint = (o?: Opts) => col({ kind: 'bigint' }, o);
export const timestamptz = (o?: Opts) => col({ kind: 'timestamptz' }, o);
export const date = (o?: Opts) => col({ kind: 'date' }, o);
export const jsonb = (o?: Opts) => col({ kind: 'jsonb' }, o);
export const textArray = (o?: Opts) => col({ kind: 'text[]' }, o);
export const enumOf = (name: PgEnumName, o?: Opts) => col({ kind: 'enum', name }, o);

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
