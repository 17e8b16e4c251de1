/**
 * Column defaults have one TypeScript source, sync/schema (`hasDefault` and,
 * for a constant, `defaultValue`), pinned here to the DEFAULT clauses of the
 * migrated database (information_schema.columns.column_default). The replica
 * shows `defaultValue` for a field a local insert left out until the server's
 * row arrives, so a drift would show one value offline and another online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES, TABLE_NAMES, type ColumnSpec } from '../../schema/index.ts';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The constant a DEFAULT clause gives ('Neutral'::advocacy_status, false), or undefined for an expression (now()). */
function constantOf(columnDefault: string): string | boolean | undefined {
  if (columnDefault === 'true' || columnDefault === 'false') return columnDefault === 'true';
  const label = columnDefault.match(/^'((?:[^']|'')*)'::[a-z_."[\]]+$/);
  return label ? label[1]!.replace(/''/g, "'") : undefined;
}

describe('sync/schema column defaults match the database', () => {
  it('reads constants and expressions from DEFAULT clauses', () => {
    expect(constantOf("'Neutral'::advocacy_status")).toBe('Neutral');
    expect(constantOf("'New Lead'::public.opportunity_stage")).toBe('New Lead');
    expect(constantOf('false')).toBe(false);
    expect(constantOf('now()')).toBeUndefined();
    expect(constantOf("'{}'::text[]")).toBe('{}');
  });

  it('marks exactly the columns with a DEFAULT, and gives each constant default its value', async () => {
    for (const table of TABLE_NAMES) {
      const { rows } = await db.pool.query<{ column_name: string; column_default: string | null }>(
        `SELECT column_name, column_default FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      const defaults = new Map(rows.map((r) => [r.column_name, r.column_default]));
      for (const [column, spec] of Object.entries(
        TABLES[table].columns as Record<string, ColumnSpec>,
      )) {
        const columnDefault = defaults.get(column) ?? null;
        // Clients always send the id they generated (uuidv7, offline): the
        // database's gen_random_uuid() serves server-side inserts only, and
        // sync/schema must keep the id required in an insert mutation.
        if (column === 'id' && columnDefault === 'gen_random_uuid()') {
          expect(spec.hasDefault, `${table}.id`).toBe(false);
          continue;
        }
        expect(spec.hasDefault, `${table}.${column} has a default (${columnDefault})`).toBe(
          columnDefault !== null,
        );
        if (columnDefault === null || spec.type.kind === 'text[]') continue;
        expect(spec.defaultValue, `${table}.${column} default (${columnDefault})`).toEqual(
          constantOf(columnDefault),
        );
      }
    }
  });
});
