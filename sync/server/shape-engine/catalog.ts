/**
 * What the engine needs to know about a table, read from PostgreSQL's catalog, and the
 * one-time preparation of a table for change capture (publication + REPLICA IDENTITY FULL).
 */
import type pg from 'pg';
import { z } from 'zod';
import { quoteIdent } from './sql-text.ts';

/**
 * Session settings Electric forces so that values have one text form everywhere (snapshot
 * rows and replicated rows alike). Passed as startup options on every connection we open,
 * including the walsender's, whose output functions format pgoutput's text values.
 */
export const DISPLAY_SETTINGS_OPTIONS =
  '-c DateStyle=ISO,DMY -c TimeZone=UTC -c extra_float_digits=1 -c IntervalStyle=iso_8601 -c bytea_output=hex';

/**
 * How the where evaluator compares values of a column (see where-eval.ts). null: the
 * column's type cannot be used in a where clause.
 */
export type CompareClass =
  'decimal' | 'float' | 'bool' | 'text' | 'bpchar' | 'ordered' | 'equality';

export const columnInfoSchema = z.object({
  name: z.string(),
  typeOid: z.number().int(),
  typeMod: z.number().int(),
  /** Type name for the electric-schema header (the element type's for arrays). */
  typeName: z.string(),
  dims: z.number().int(),
  notNull: z.boolean(),
  /** Position in the primary key, 0-based; null when not part of it. */
  pkIndex: z.number().int().nullable(),
  /** `format_type(oid, NULL)`: what `$n::<castType>` uses in snapshot queries. */
  castType: z.string(),
  compareClass: z
    .enum(['decimal', 'float', 'bool', 'text', 'bpchar', 'ordered', 'equality'])
    .nullable(),
  generated: z.boolean(),
});
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const tableInfoSchema = z.object({
  oid: z.number().int(),
  schema: z.literal('public'),
  name: z.string(),
  /** All columns in attnum order, as pgoutput's relation message lists them (generated ones excluded there). */
  columns: z.array(columnInfoSchema),
  /** Primary key column names in key order. */
  pk: z.array(z.string()),
});
export type TableInfo = z.infer<typeof tableInfoSchema>;

const tableRow = z.object({ oid: z.number(), relname: z.string(), relkind: z.string() });
const columnRow = z.object({
  attname: z.string(),
  atttypid: z.number(),
  atttypmod: z.number(),
  attnotnull: z.boolean(),
  attndims: z.number(),
  generated: z.boolean(),
  typname: z.string(),
  typcategory: z.string(),
  elem_name: z.string().nullable(),
  cast_type: z.string(),
  base_name: z.string(),
  base_typtype: z.string(),
  pk_pos: z.number().nullable(),
});

export class TableNotFoundError extends Error {}

const DECIMAL = new Set(['int2', 'int4', 'int8', 'oid', 'numeric']);
const ORDERED = new Set(['uuid', 'date', 'timestamp', 'timestamptz', 'time', 'bytea']);

function compareClassOf(r: z.infer<typeof columnRow>): CompareClass | null {
  if (r.typcategory === 'A') return null;
  if (r.base_typtype === 'e') return 'equality';
  if (DECIMAL.has(r.base_name)) return 'decimal';
  if (r.base_name === 'float4' || r.base_name === 'float8') return 'float';
  if (r.base_name === 'bool') return 'bool';
  if (r.base_name === 'bpchar') return 'bpchar';
  if (['text', 'varchar', 'name', 'char'].includes(r.base_name)) return 'text';
  if (ORDERED.has(r.base_name)) return 'ordered';
  if (r.base_name === 'jsonb') return 'equality';
  return null;
}

/** Reads a table of the public schema; TableNotFoundError when there is no such table. */
export async function loadTableInfo(db: pg.Pool | pg.ClientBase, name: string): Promise<TableInfo> {
  const t = await db.query(
    `SELECT c.oid::int AS oid, c.relname, c.relkind::text AS relkind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1`,
    [name],
  );
  const row = t.rows[0] ? tableRow.parse(t.rows[0]) : undefined;
  if (!row) throw new TableNotFoundError(`Table "public"."${name}" does not exist`);
  if (row.relkind !== 'r' && row.relkind !== 'p') {
    throw new TableNotFoundError(
      `"public"."${name}" is not a table (views and other relations cannot be shapes)`,
    );
  }
  const cols = await db.query(
    `SELECT a.attname, a.atttypid::int AS atttypid, a.atttypmod, a.attnotnull, a.attndims,
            a.attgenerated <> '' AS generated,
            t.typname::text AS typname, t.typcategory::text AS typcategory,
            et.typname::text AS elem_name, format_type(a.atttypid, NULL) AS cast_type,
            bt.typname::text AS base_name, bt.typtype::text AS base_typtype,
            (SELECT array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1)
               FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary) AS pk_pos
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
       JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [row.oid],
  );
  const columns: ColumnInfo[] = cols.rows.map((raw) => {
    const r = columnRow.parse(raw);
    const isArray = r.typcategory === 'A' && r.elem_name !== null;
    return {
      name: r.attname,
      typeOid: r.atttypid,
      typeMod: r.atttypmod,
      typeName: isArray ? r.elem_name! : r.typname,
      dims: isArray ? Math.max(r.attndims, 1) : 0,
      notNull: r.attnotnull,
      pkIndex: r.pk_pos,
      // `character` without a length means character(1): a cast to it would truncate.
      castType: r.typname === 'bpchar' ? 'pg_catalog.bpchar' : r.cast_type,
      compareClass: compareClassOf(r),
      generated: r.generated,
    };
  });
  const pk = columns
    .filter((c) => c.pkIndex !== null)
    .sort((a, b) => a.pkIndex! - b.pkIndex!)
    .map((c) => c.name);
  return { oid: row.oid, schema: 'public', name: row.relname, columns, pk };
}

/**
 * The columns a relation message must carry for this table's shapes to stay valid: name,
 * type and modifier of every replicated column, in order. A difference means the table's
 * schema changed (the shapes are rotated).
 */
export function relationSignature(
  cols: ReadonlyArray<{ name: string; typeOid: number; typeMod: number }>,
): string {
  return JSON.stringify(cols.map((c) => [c.name, c.typeOid, c.typeMod]));
}

export function tableSignature(t: TableInfo): string {
  return relationSignature(t.columns.filter((c) => !c.generated));
}

/** Electric's electric-schema header for the selected columns. */
export function electricSchemaHeader(t: TableInfo, selected: readonly string[]): string {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of selected) {
    const c = t.columns.find((x) => x.name === name)!;
    const info: Record<string, unknown> = { type: c.typeName };
    if (c.dims > 0) info.dims = c.dims;
    if (c.pkIndex !== null) info.pk_index = c.pkIndex;
    if (c.notNull) info.not_null = true;
    Object.assign(info, typeModifiers(c));
    out[name] = info;
  }
  return JSON.stringify(out);
}

function typeModifiers(c: ColumnInfo): Record<string, number> {
  if (c.typeMod < 0) return {};
  switch (c.typeName) {
    case 'varchar':
      return { max_length: c.typeMod - 4 };
    case 'bpchar':
      return { length: c.typeMod - 4 };
    case 'bit':
    case 'varbit':
      return { length: c.typeMod };
    case 'numeric':
      return { precision: ((c.typeMod - 4) >> 16) & 0xffff, scale: (c.typeMod - 4) & 0xffff };
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz':
      return { precision: c.typeMod };
    case 'interval':
      return (c.typeMod & 0xffff) !== 0xffff ? { precision: c.typeMod & 0xffff } : {};
    default:
      return {};
  }
}

/**
 * Creates the engine's publication when missing; partitions publish as their root.
 * PostgreSQL 18 refuses UPDATE/DELETE on a table whose REPLICA IDENTITY FULL
 * includes a stored generated column the publication does not publish (our
 * search vectors), so from 18 on stored generated columns are published too
 * (shapes never select them).
 */
export async function ensurePublication(db: pg.Pool, publication: string): Promise<void> {
  const version = Number((await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]?.v ?? 0);
  const generated = version >= 180000 ? ', publish_generated_columns = stored' : '';
  const { rows } = await db.query('SELECT pubviaroot FROM pg_publication WHERE pubname = $1', [
    publication,
  ]);
  if (rows.length === 0) {
    await db
      .query(
        `CREATE PUBLICATION ${quoteIdent(publication)} WITH (publish_via_partition_root = true${generated})`,
      )
      .catch((e: { code?: string }) => {
        if (e.code !== '42710') throw e; // created concurrently by another engine: fine
      });
  } else if (!z.object({ pubviaroot: z.boolean() }).parse(rows[0]).pubviaroot) {
    await db.query(
      `ALTER PUBLICATION ${quoteIdent(publication)} SET (publish_via_partition_root = true${generated})`,
    );
  }
}

/**
 * Makes a table ready for shapes, as Electric does when a table's first shape is created:
 * REPLICA IDENTITY FULL on it and on every partition (updates then carry the old row, so
 * rows moving out of a where filter can become deletes, and unchanged TOASTed values can
 * be taken from it), and membership in the publication.
 * Both happen in one transaction; ALTER TABLE's ACCESS EXCLUSIVE lock waits for every
 * transaction already writing the table, so none straddles the moment the table joins.
 */
export async function ensureTablePublished(
  db: pg.Pool,
  publication: string,
  table: TableInfo,
): Promise<void> {
  const { rows } = await db.query(
    `SELECT EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
                     WHERE p.pubname = $2 AND pr.prrelid = $1) AS published,
            (SELECT coalesce(bool_and(c.relreplident = 'f'), true)
               FROM pg_partition_tree($1) pt JOIN pg_class c ON c.oid = pt.relid
              WHERE c.relkind = 'r') AS leaves_full,
            (SELECT relreplident = 'f' FROM pg_class WHERE oid = $1) AS root_full`,
    [table.oid, publication],
  );
  const state = z
    .object({ published: z.boolean(), leaves_full: z.boolean().nullable(), root_full: z.boolean().nullable() })
    .parse(rows[0]);
  // No pg_class row: the table was dropped since it was read (e.g. under a waiting long poll).
  if (state.root_full === null) throw new TableNotFoundError(`Table "public"."${table.name}" does not exist any more`);
  if (state.published && state.root_full && state.leaves_full !== false) return;

  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const leaves = await client.query(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_partition_tree($1) pt JOIN pg_class c ON c.oid = pt.relid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND pt.relid <> $1::regclass`,
      [table.oid],
    );
    const qualified = `${quoteIdent('public')}.${quoteIdent(table.name)}`;
    await client.query(`ALTER TABLE ${qualified} REPLICA IDENTITY FULL`);
    for (const leaf of leaves.rows as Array<{ name: string }>) {
      await client.query(`ALTER TABLE ${leaf.name} REPLICA IDENTITY FULL`);
    }
    if (!state.published) {
      await client.query(`ALTER PUBLICATION ${quoteIdent(publication)} ADD TABLE ${qualified}`);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    // Another engine (or a concurrent first shape) published it first: fine.
    if ((e as { code?: string }).code !== '42710') throw e;
  } finally {
    client.release();
  }
}
