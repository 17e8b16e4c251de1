/**
 * What the independent floor reads: the replicated tables and columns from
 * sync/schema (the sync contract is data, not the code under measure), mapped
 * here, with SQL of our own, to a PostgreSQL SELECT that renders each value
 * as the replica stores it and to a bare SQLite table. Nothing is taken from
 * the server's shape definitions or the replica's DDL.
 */
import { primaryKey, TABLE_NAMES, TABLES, type ColumnSpec, type TableName } from '../../sync/schema/index.ts';

export interface FloorTable {
  name: TableName;
  columns: string[];
  /** SELECT ... FROM ... WHERE <the rows of one workspace>, $1 = workspace id; every value is text. */
  select: string;
  /** CREATE TABLE of a bare SQLite table: typed columns, primary key only. */
  create: string;
  insert: string;
  /** Columns that reference another row (`*_id`): each gets an index after the load. */
  idColumns: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One value as text in the form the replica keeps it: booleans 0/1,
 * timestamps as microseconds since 1970 (an INTEGER column), text[] as JSON, uuids as their 32 hex
 * digits (stored as 16 bytes by `sqliteValue`), the rest as PostgreSQL prints
 * it. All text, so node-postgres parses nothing and SQLite's column affinity
 * turns the numbers back into integers.
 */
function pgExpression(column: string, spec: ColumnSpec): string {
  const c = q(column);
  switch (spec.type.kind) {
    case 'uuid':
      return `replace(${c}::text, '-', '')`;
    case 'boolean':
      return `${c}::int::text`;
    case 'timestamptz':
      return `(extract(epoch FROM ${c}) * 1000000)::bigint::text`;
    case 'text[]':
      return `to_json(${c})::text`;
    default:
      return `${c}::text`;
  }
}

/** The INSERT's placeholder: a uuid's hex digits become its 16 bytes, as the replica stores ids. */
function sqliteValue(spec: ColumnSpec): string {
  return spec.type.kind === 'uuid' ? 'unhex(?)' : '?';
}

function sqliteType(spec: ColumnSpec): 'INTEGER' | 'TEXT' {
  const k = spec.type.kind;
  return k === 'boolean' || k === 'integer' || k === 'bigint' || k === 'timestamptz' ? 'INTEGER' : 'TEXT';
}

/** The rows a member's desktop holds: its workspace's (users: everyone who is or was a member of it). */
function whereOf(table: TableName): string {
  if (table === 'workspaces') return 'id = $1';
  if (table === 'users') return 'id IN (SELECT user_id FROM workspace_members WHERE workspace_id = $1)';
  return 'workspace_id = $1';
}

export function floorTables(): FloorTable[] {
  return TABLE_NAMES.map((name) => {
    const specs = TABLES[name].columns as Record<string, ColumnSpec>;
    const columns = Object.keys(specs);
    const defs = columns.map((c) => `${q(c)} ${sqliteType(specs[c]!)}`);
    return {
      name,
      columns,
      select: `SELECT ${columns.map((c) => pgExpression(c, specs[c]!)).join(', ')} FROM ${q(name)} WHERE ${whereOf(name)}`,
      create: `CREATE TABLE ${q(name)} (${defs.join(', ')}, PRIMARY KEY (${primaryKey(name).map(q).join(', ')}))`,
      insert: `INSERT INTO ${q(name)} (${columns.map(q).join(', ')}) VALUES (${columns.map((c) => sqliteValue(specs[c]!)).join(', ')})`,
      idColumns: columns.filter((c) => c.endsWith('_id')),
    };
  });
}
