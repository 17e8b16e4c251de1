/**
 * sync/schema is the one description of the replicated tables that the server,
 * the replica and the UI share; PostgreSQL is the truth. This test keeps them
 * in step: enum values, column types and nullability, and which columns a
 * client may write (the column privileges granted to crm_user).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_LOG, MUTABLE_TABLES, PG_ENUMS, TABLES, TABLE_NAMES, insertableColumns, updatableColumns,
  type ColumnSpec, type ColumnType,
} from '../../schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../server-migrations/testing/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

function pgTypeName(t: ColumnType): string {
  switch (t.kind) {
    case 'timestamptz':
      return 'timestamp with time zone';
    case 'enum':
      return t.name;
    default:
      return t.kind;
  }
}

describe('sync/schema matches the migrated database', () => {
  it('lists every enum value in the database order', async () => {
    for (const [name, values] of Object.entries(PG_ENUMS)) {
      const { rows } = await db.pool.query<{ label: string }>(
        `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
         WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [name],
      );
      expect(rows.map((r) => r.label), name).toEqual([...values]);
    }
  });

  it('describes each replicated column, and audit_log\'s (history on demand), with its database type and nullability', async () => {
    const specs: [string, { columns: Record<string, ColumnSpec> }][] = [
      ...TABLE_NAMES.map((t): [string, { columns: Record<string, ColumnSpec> }] => [t, TABLES[t]]),
      ['audit_log', AUDIT_LOG],
    ];
    for (const [table, spec] of specs) {
      const { rows } = await db.pool.query<{ name: string; type: string; notnull: boolean }>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [`public.${table}`],
      );
      const actual = new Map(rows.map((r) => [r.name, r]));
      for (const [column, col] of Object.entries(spec.columns)) {
        const found = actual.get(column);
        expect(found, `${table}.${column} exists`).toBeDefined();
        expect(found?.type, `${table}.${column} type`).toBe(pgTypeName(col.type));
        expect(found?.notnull, `${table}.${column} nullability`).toBe(!col.nullable);
      }
    }
  });

  it('never replicates secrets or server-only columns', () => {
    expect(TABLE_NAMES).not.toContain('user_credentials');
    for (const table of TABLE_NAMES) {
      expect(Object.keys(TABLES[table].columns)).not.toContain('search_vector');
      expect(Object.keys(TABLES[table].columns)).not.toContain('password_hash');
    }
  });

  it('lets clients write exactly the columns crm_user may insert and update', async () => {
    for (const table of MUTABLE_TABLES) {
      const { rows } = await db.pool.query<{ name: string; can_insert: boolean; can_update: boolean }>(
        `SELECT a.attname AS name,
                has_column_privilege('crm_user', $1::regclass, a.attname, 'INSERT') AS can_insert,
                has_column_privilege('crm_user', $1::regclass, a.attname, 'UPDATE') AS can_update
         FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [`public.${table}`],
      );
      expect(rows.filter((r) => r.can_insert).map((r) => r.name).sort(), `${table} insert`).toEqual(
        insertableColumns(table).sort(),
      );
      expect(rows.filter((r) => r.can_update).map((r) => r.name).sort(), `${table} update`).toEqual(
        updatableColumns(table).sort(),
      );
    }
  });
});
