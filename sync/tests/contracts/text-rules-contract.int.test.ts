/**
 * The text rules of sync/schema (maximum lengths, not-blank, the email and
 * phone patterns) are what the database's CHECK constraints enforce, read back
 * from the migrated catalog: a form or a mutation never accepts text the
 * server then refuses, nor refuses text the server would take.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_LOG,
  EMAIL_PATTERN,
  PHONE_PATTERN,
  TABLES,
  TABLE_NAMES,
  TIME_OF_DAY_PATTERN,
  type ColumnSpec,
} from '../../schema/index.ts';
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

interface TextRule {
  max?: number;
  notBlank?: boolean;
  pattern?: { source: string; caseInsensitive: boolean };
}

/** One column's CHECK definitions (single-column constraints), as PostgreSQL prints them. */
async function checksOf(table: string): Promise<Map<string, string[]>> {
  const { rows } = await db.pool.query<{ column: string; def: string }>(
    `SELECT a.attname AS column, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.conrelid = $1::regclass AND c.contype = 'c' AND cardinality(c.conkey) = 1`,
    [`public.${table}`],
  );
  const byColumn = new Map<string, string[]>();
  for (const r of rows) byColumn.set(r.column, [...(byColumn.get(r.column) ?? []), r.def]);
  return byColumn;
}

/** The text rule a column's CHECKs encode: length bounds, btrim-not-blank, a regex match. */
function ruleFromChecks(column: string, defs: string[]): TextRule {
  const rule: TextRule = {};
  const col = column.replace(/[^a-z0-9_]/g, '');
  for (const def of defs) {
    const max = def.match(new RegExp(`length\\((?:btrim\\()?${col}\\)?\\) <= (\\d+)`));
    if (max) rule.max = Number(max[1]);
    if (new RegExp(`length\\(btrim\\(${col}\\)\\) >= 1`).test(def)) rule.notBlank = true;
    const pattern = def.match(new RegExp(`${col} (~\\*?) '((?:[^']|'')*)'::text`));
    if (pattern) {
      const source = pattern[2]!.replace(/''/g, "'");
      rule.pattern = { source, caseInsensitive: pattern[1] === '~*' };
      // A pattern with a {min,max} repeat over the whole value bounds the length too.
      const repeat = source.match(/\{\d+,(\d+)\}\$$/);
      if (repeat && rule.max === undefined) rule.max = Number(repeat[1]);
    }
  }
  return rule;
}

function ruleFromSchema(spec: ColumnSpec): TextRule {
  const rule: TextRule = {};
  if (spec.type.kind !== 'text') return rule;
  if (spec.type.max !== undefined) rule.max = spec.type.max;
  if (spec.type.format === 'not-blank') rule.notBlank = true;
  const pattern =
    spec.type.format === 'email'
      ? EMAIL_PATTERN
      : spec.type.format === 'phone'
        ? PHONE_PATTERN
        : spec.type.format === 'time-of-day'
          ? TIME_OF_DAY_PATTERN
          : undefined;
  if (pattern)
    rule.pattern = { source: pattern.source, caseInsensitive: pattern.flags.includes('i') };
  return rule;
}

describe('sync/schema text rules match the CHECK constraints', () => {
  it('reads a rule from every constrained text column (the parser keeps up with the catalog)', async () => {
    const checks = await checksOf('organizations');
    expect(ruleFromChecks('name', checks.get('name') ?? [])).toEqual({ max: 200, notBlank: true });
    expect(ruleFromChecks('phone', checks.get('phone') ?? [])).toMatchObject({
      max: 40,
      pattern: { caseInsensitive: false },
    });
    expect(ruleFromChecks('email', checks.get('email') ?? [])).toMatchObject({
      max: 320,
      pattern: { caseInsensitive: true },
    });
  });

  it('gives every replicated text column the length, blank and pattern rules of its CHECKs', async () => {
    // audit_log is not replicated (the desktop reads history on demand) but its rows still reach it.
    const specs: [string, Record<string, ColumnSpec>][] = [
      ...TABLE_NAMES.map((t): [string, Record<string, ColumnSpec>] => [t, TABLES[t].columns]),
      ['audit_log', AUDIT_LOG.columns],
    ];
    for (const [table, columns] of specs) {
      const checks = await checksOf(table);
      for (const [column, spec] of Object.entries(columns)) {
        if (spec.type.kind !== 'text') continue;
        const inDatabase = ruleFromChecks(column, checks.get(column) ?? []);
        // Text only the server writes (audit_log) may be bounded by a closed list instead (next test).
        if (spec.writer === 'server' && inDatabase.max === undefined) continue;
        expect(inDatabase, `${table}.${column}`).toEqual(ruleFromSchema(spec));
      }
    }
  });

  it('bounds audit_log.action by the closed list of AUDIT_ACTIONS, each within its length', async () => {
    const [def] = (await checksOf('audit_log')).get('action') ?? [];
    const listed = [...(def ?? '').matchAll(/'([^']+)'::text/g)].map((m) => m[1]);
    expect(listed).toEqual([...AUDIT_ACTIONS]);
    const type: ColumnSpec['type'] = AUDIT_LOG.columns.action.type;
    const max = type.kind === 'text' ? type.max : undefined;
    expect(max).toBeDefined();
    for (const action of AUDIT_ACTIONS) expect(action.length).toBeLessThanOrEqual(max ?? 0);
  });

  it('uses the same email and phone patterns everywhere in the database', async () => {
    const { rows } = await db.pool.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace AND (c.conname LIKE '%email%' OR c.conname LIKE '%phone%')`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { def } of rows) {
      const source = def.match(/'((?:[^']|'')*)'::text/)?.[1]?.replace(/''/g, "'");
      expect([EMAIL_PATTERN.source, PHONE_PATTERN.source], def).toContain(source);
    }
  });
});
