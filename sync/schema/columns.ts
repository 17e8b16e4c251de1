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
  /** `clientValues`: the labels a client may write, when some are the server's alone. */
  | { kind: 'enum'; name: PgEnumName; clientValues?: readonly string[] };

/**
 * Who writes a column:
 * - `client`: set on insert and changeable by update mutations;
 * - `insert`: set once on insert (ids, workspace, the two ends of a link);
 * - `server`: kept by the server or its triggers (stamps, derived values); read-only to clients.
 */
export type ColumnWriter = 'client' | 'insert' | 'server';

export interface ColumnSpec<W extends ColumnWriter = ColumnWriter> {
  type: ColumnType;
  nullable: boolean;
  /** Kept as a literal type so forms can be checked at compile time against what a client may write. */
  writer: W;
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

interface Opts<W extends ColumnWriter = ColumnWriter> {
  nullable?: boolean;
  writer?: W;
  hasDefault?: boolean;
}

function col<W extends ColumnWriter>(
  type: ColumnType,
  o: Opts<W> = {},
  defaultValue?: string | boolean,
): ColumnSpec<W> {
  return {
    type,
    nullable: o.nullable ?? false,
    // Without a writer the column is the client's: W's default ('client') says so to the type checker.
    writer: o.writer ?? ('client' as W),
    hasDefault: o.hasDefault ?? defaultValue !== undefined,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
}

export const uuid = <W extends ColumnWriter = 'client'>(o?: Opts<W>) => col({ kind: 'uuid' }, o);
export const text = <W extends ColumnWriter = 'client'>(
  max: number,
  o?: Opts<W> & { format?: TextFormat },
) => col({ kind: 'text', max, ...(o?.format ? { format: o.format } : {}) }, o);
/** Every boolean column is NOT NULL DEFAULT false. */
export const bool = <W extends ColumnWriter = 'client'>(o?: Opts<W>) =>
  col({ kind: 'boolean' }, o, false);
export const integer = <W extends ColumnWriter = 'client'>(o?: Opts<W>) =>
  col({ kind: 'integer' }, o);
export const bigint = <W extends ColumnWriter = 'client'>(o?: Opts<W>) =>
  col({ kind: 'bigint' }, o);
export const timestamptz = <W extends ColumnWriter = 'client'>(o?: Opts<W>) =>
  col({ kind: 'timestamptz' }, o);
export const date = <W extends ColumnWriter = 'client'>(o?: Opts<W>) => col({ kind: 'date' }, o);
export const jsonb = <W extends ColumnWriter = 'client'>(o?: Opts<W>) => col({ kind: 'jsonb' }, o);
export const textArray = <W extends ColumnWriter = 'client'>(o?: Opts<W>) =>
  col({ kind: 'text[]' }, o);
export const enumOf = <N extends PgEnumName, W extends ColumnWriter = 'client'>(
  name: N,
  o?: Opts<W> & {
    default?: (typeof PG_ENUMS)[N][number];
    clientValues?: readonly (typeof PG_ENUMS)[N][number][];
  },
) => col({ kind: 'enum', name, ...(o?.clientValues ? { clientValues: o.clientValues } : {}) }, o, o?.default);

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
