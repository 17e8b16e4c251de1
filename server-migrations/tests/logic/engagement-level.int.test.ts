/**
 * calculate_engagement_level at its boundaries: High <= 7 days, Medium <= 14,
 * Low <= 30, else Inactive (also when there was never any activity). Each
 * boundary is inclusive; one microsecond past it is the next level down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { createTwoTenants, type TwoTenants } from '../../testing/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { one } from '../../testing/crm-rows.ts';

let db: TestDatabase;
let t: TwoTenants;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTwoTenants(db.pool);
});
afterAll(async () => {
  await db.drop();
});

// Each case is evaluated in one statement, so now() is the same instant for the
// argument and for the function: "exactly 7 days" really is exact.
const CASES: Array<[string, string | null, string]> = [
  ['just now', 'now()', 'High'],
  ['exactly 7 days ago', "now() - interval '7 days'", 'High'],
  ['a microsecond over 7 days', "now() - interval '7 days' - interval '1 microsecond'", 'Medium'],
  ['exactly 14 days ago', "now() - interval '14 days'", 'Medium'],
  ['a microsecond over 14 days', "now() - interval '14 days' - interval '1 microsecond'", 'Low'],
  ['exactly 30 days ago', "now() - interval '30 days'", 'Low'],
  [
    'a microsecond over 30 days',
    "now() - interval '30 days' - interval '1 microsecond'",
    'Inactive',
  ],
  ['a year ago', "now() - interval '1 year'", 'Inactive'],
  ['never (NULL)', null, 'Inactive'],
];

describe('calculate_engagement_level', () => {
  for (const [label, expr, level] of CASES) {
    it(`is ${level} for ${label}`, async () => {
      const arg = expr ?? 'NULL::timestamptz';
      const r = await one(
        db.pool,
        `SELECT public.calculate_engagement_level(${arg})::text AS level`,
      );
      expect(r).toEqual({ level });
    });
  }

  it('is callable by a signed-in user and agrees with the boundaries there too', async () => {
    await actAs(db.pool, t.a.users.viewer, async (c) => {
      const r = await one(
        c,
        `SELECT array_agg(public.calculate_engagement_level(now() - d)::text ORDER BY d) AS levels
         FROM unnest(ARRAY[interval '1 day', interval '8 days', interval '20 days', interval '31 days']) d`,
      );
      expect(r).toEqual({ levels: ['High', 'Medium', 'Low', 'Inactive'] });
    });
  });

  it('returns the engagement_level enum, ordered from most to least engaged', async () => {
    const r = await one(
      db.pool,
      `SELECT pg_typeof(public.calculate_engagement_level(now()))::text AS type,
              enum_range(NULL::public.engagement_level)::text[] AS levels`,
    );
    expect(r).toEqual({ type: 'engagement_level', levels: ['High', 'Medium', 'Low', 'Inactive'] });
  });
});
