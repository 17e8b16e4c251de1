/**
 * SQLite DDL generated from sync/schema: for every replicated table
 *
 *   <table>_synced  the server's rows, written only by the server-apply path
 *   <table>_local   (client-mutable tables only) the merged row of every record
 *                   with pending local mutations: synced row + pending changes
 *   <table>         a view, the merge everyone reads: local rows where they
 *                   exist, synced rows elsewhere; `_pending` = 1 on local rows
 *
 * No foreign keys and no NOT NULL beyond the key: the server is the judge of
 * validity and its stream arrives in commit order, not in foreign-key order.
 */
import {
  MUTABLE_TABLES,
  TABLES,
  columnsOf,
  primaryKey,
  type ColumnSpec,
  type TableName,
} from '../../schema/index.ts';
import { sqlTypeOf } from './sql-types.ts';
import { valuePlaceholder } from './uuid-blob.ts';

export type MutableTableName = (typeof MUTABLE_TABLES)[number];

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const syncedTable = (t: TableName) => `${t}_synced`;
export const localTable = (t: TableName) => `${t}_local`;
/** Where a snapshot streams to before it replaces <table>_synced (snapshot-staging.ts). */
export const stagingTable = (t: TableName) => `${t}_staging`;

export function isMutable(t: TableName): t is MutableTableName {
  return (MUTABLE_TABLES as readonly TableName[]).includes(t);
}

export function columnSpecs(t: TableName): Record<string, ColumnSpec> {
  return TABLES[t].columns as Record<string, ColumnSpec>;
}

function columnDefs(t: TableName, keyed = true): string {
  const cols = Object.entries(columnSpecs(t)).map(([n, s]) => `${q(n)} ${sqlTypeOf(s.type)}`);
  if (!keyed) return cols.join(',\n  ');
  return [...cols, `PRIMARY KEY (${primaryKey(t).map(q).join(', ')})`].join(',\n  ');
}

export function createSyncedTableSql(t: TableName): string {
  return `CREATE TABLE IF NOT EXISTS ${q(syncedTable(t))} (\n  ${columnDefs(t)}\n)`;
}

/**
 * Created with <table>_synced's columns but no key, so it can be renamed into
 * its place: a snapshot's rows are appended to one b-tree, and the key is
 * built once over all of them at the swap (snapshot-staging.ts, keyIndexSql).
 */
export function createStagingTableSql(t: TableName): string {
  return `CREATE TABLE ${q(stagingTable(t))} (\n  ${columnDefs(t, false)}\n)`;
}

/**
 * `("a", "b") VALUES (?, unhex(?, '-'))`: the columns `cols` of a replicated
 * row of `t` and their placeholders, for the writers of row values
 * (snapshot-staging.ts, server-apply.ts, overlay.ts), whose statements bind
 * values as given (rawStmt): uuid columns take their text and store their blob.
 */
export function rowValuesSql(t: TableName, cols: readonly string[]): string {
  const specs = columnSpecs(t);
  return `(${cols.map(q).join(', ')}) VALUES (${cols.map((c) => valuePlaceholder(specs[c])).join(', ')})`;
}

/** `"id" = unhex(?, '-')`: the row of `t` whose key columns equal the bound values (rowValuesSql's binding). */
export function keyMatchSql(t: TableName, keys: readonly string[]): string {
  const specs = columnSpecs(t);
  return keys.map((k) => `${q(k)} = ${valuePlaceholder(specs[k])}`).join(' AND ');
}

/**
 * The unique index that keys a table loaded through staging (`<storage>_key`):
 * what PRIMARY KEY gives a table created empty, for every statement the
 * replica runs (lookups by id, ON CONFLICT (id) upserts, INSERT OR REPLACE).
 */
export function keyIndexName(storage: string): string {
  return `${storage}_key`;
}

export function keyIndexSql(t: TableName, storage: string): string {
  return `CREATE UNIQUE INDEX ${q(keyIndexName(storage))} ON ${q(storage)} (${primaryKey(t).map(q).join(', ')})`;
}

export function createLocalTableSql(t: TableName): string {
  return `CREATE TABLE IF NOT EXISTS ${q(localTable(t))} (\n  ${columnDefs(t)}\n)`;
}

export function addColumnSql(storage: string, column: string, spec: ColumnSpec): string {
  return `ALTER TABLE ${q(storage)} ADD COLUMN ${q(column)} ${sqlTypeOf(spec.type)}`;
}

/**
 * The merged view. UNION ALL with NOT EXISTS rather than a LEFT JOIN with
 * coalesce(): SQLite flattens it into callers' joins and pushes WHERE terms into
 * both arms, so indexes on <table>_synced keep working through the view (an
 * ordered, limited list becomes a merge of two index scans).
 */
export function createViewSql(t: TableName): string {
  const cols = columnsOf(t).map(q).join(', ');
  if (!isMutable(t)) {
    return `CREATE VIEW ${q(t)} AS SELECT ${cols}, 0 AS _pending FROM ${q(syncedTable(t))}`;
  }
  return `CREATE VIEW ${q(t)} AS
  SELECT ${cols}, 0 AS _pending FROM ${q(syncedTable(t))} s
  WHERE NOT EXISTS (SELECT 1 FROM ${q(localTable(t))} l WHERE l.id = s.id)
  UNION ALL
  SELECT ${cols}, 1 AS _pending FROM ${q(localTable(t))}`;
}

/** Identifies a table's replicated shape; a change means new columns and a refetch of its rows. */
export function tableFingerprint(t: TableName): string {
  const cols = Object.entries(columnSpecs(t)).map(
    ([n, s]) => `${n}:${sqlTypeOf(s.type)}:${s.type.kind}`,
  );
  return `${primaryKey(t).join('+')}|${cols.join(',')}|mutable=${isMutable(t)}`;
}

export interface Arm {
  /** A FROM-clause source with the caller's alias. */
  from: string;
  /** The condition the arm needs (AND it with the caller's own). */
  where: string;
}

/**
 * The two arms of a client-mutable table's merged view: server rows not
 * overlaid, and overlay rows. For decomposable aggregates (count, sum, min,
 * max) over big tables: SQLite runs an aggregate over a UNION ALL view through
 * a co-routine and a temporary sort, while aggregating each arm alone keeps the
 * synced arm on its covering index; the caller combines the two partial results
 * (sum of counts, max of maxes). Everything else should read the view.
 */
export function mergedArms(t: MutableTableName, alias: string): [Arm, Arm] {
  return [
    {
      from: `${q(syncedTable(t))} ${alias}`,
      where: `NOT EXISTS (SELECT 1 FROM ${q(localTable(t))} l WHERE l.id = ${alias}.id)`,
    },
    { from: `${q(localTable(t))} ${alias}`, where: '1' },
  ];
}
