/**
 * The where evaluator must agree with PostgreSQL. For each clause, PostgreSQL's own answer
 * (`SELECT id FROM w WHERE <clause>`) is compared with (a) the rows the engine routed to the
 * shape from the replication stream, through inserts and then updates that move rows in
 * and out, evaluated in Node, and (b) a snapshot taken afterwards with the SQL the engine
 * generated. Uses the in-process API (the proxy's contract), not HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';
import type { ShapeDefinition } from './definition.ts';
import { startHarness, type Harness } from '../testing/shape-engine-harness.ts';

let db: TestDatabase;
let h: Harness;

const CLAUSES: Array<[string, string[]?]> = [
  ['i = 3'],
  ['i <> 3'],
  ['i < $1', ['0']],
  ['i >= -2 AND i <= 2'],
  ['i IN (1, 2, NULL)'],
  ['i NOT IN (1, 2)'],
  ['i NOT IN (1, NULL)'],
  ['i IS NULL'],
  ['NOT (i > 0) OR t IS NULL'],
  ['b > 9007199254740992'],
  ['num < 1.5'],
  ['num = $1', ['2.50']],
  ['f > 0.5'],
  ['f = $1', ['NaN']],
  ['f < i'],
  ['i < num'],
  ["t = 'héllo'"],
  ["t < 'b'"],
  ['t > $1', ['\uffff']],
  ["c = 'ab'"],
  ['ok'],
  ['NOT ok'],
  ['ok = $1', ['false']],
  ['ok IS NOT NULL AND ok <> TRUE'],
  ['u = $1', ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11']],
  ["u > '80000000-0000-0000-0000-000000000000'"],
  ["d < '2025-01-01'"],
  ['d >= $1', ['2025-06-01']],
  ["ts > '2025-03-01 12:00:00+02'"],
  ['ts <= $1', ['2025-03-01T10:00:00Z']],
  ["st = 'closed'"],
  ["st IN ('open', 'closed')"],
  [`j = '{"a": 1}'`],
  ['(i > 0 AND t IS NOT NULL) OR (ok AND d IS NULL)'],
  ['"MixedCase" = 1'],
  ['TRUE'],
  ['NULL'],
];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`CREATE TYPE w_status AS ENUM ('open', 'closed', 'archived')`);
  await db.pool.query(`
    CREATE TABLE w (
      id int PRIMARY KEY, i int, b bigint, num numeric, f float8, t text, c char(4), ok boolean,
      u uuid, d date, ts timestamptz, st w_status, j jsonb, "MixedCase" int
    )`);
  h = await startHarness(db, { longPollTimeoutMs: 2000 });
});
afterAll(async () => {
  await h?.destroy();
  await db?.drop();
});

/** Rows designed around the edges: NULLs, NaN, infinities, unicode, padding, wide integers. */
const ROWS_SQL = `
  INSERT INTO w SELECT g,
    CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 9) - 4 END,
    CASE WHEN g % 5 = 0 THEN 9007199254740993 ELSE g END,
    CASE g % 6 WHEN 0 THEN NULL WHEN 1 THEN 'NaN' WHEN 2 THEN 2.5 ELSE (g::numeric / 4) END,
    CASE g % 8 WHEN 0 THEN 'NaN' WHEN 1 THEN '-Infinity' WHEN 2 THEN NULL ELSE (g % 5) / 3.0 END,
    (ARRAY['héllo', 'a', 'b', 'B', NULL, U&'\\FFFF', U&'\\+01F600', ''])[g % 8 + 1],
    (ARRAY['ab', 'ab  ', 'abc', NULL])[g % 4 + 1],
    CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END,
    CASE WHEN g % 4 = 0 THEN 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid WHEN g % 4 = 1 THEN NULL ELSE md5(g::text)::uuid END,
    CASE WHEN g % 10 = 0 THEN 'infinity'::date WHEN g % 10 = 1 THEN NULL ELSE '2024-06-01'::date + g * 20 END,
    CASE WHEN g % 6 = 0 THEN NULL ELSE '2025-03-01 08:00:00+00'::timestamptz + (g - 12) * interval '17 minutes' END,
    (ARRAY['open', 'closed', 'archived', NULL]::w_status[])[g % 4 + 1],
    CASE WHEN g % 3 = 0 THEN '{"a": 1}'::jsonb WHEN g % 3 = 1 THEN '{"a": 2}' END,
    g % 3
  FROM generate_series(1, 40) g`;

/** Rotates values so rows move into and out of most clauses. */
const UPDATE_SQL = `
  UPDATE w SET i = CASE WHEN i IS NULL THEN 2 WHEN id % 2 = 0 THEN -i ELSE NULL END,
               t = CASE WHEN id % 3 = 0 THEN 'b' ELSE t END, ok = NOT ok, num = num * -1,
               d = CASE WHEN id % 2 = 0 THEN d - 400 ELSE d END, st = NULLIF(st, 'open'),
               f = CASE WHEN f = 'NaN' THEN 1 ELSE f END, "MixedCase" = "MixedCase" + 1
   WHERE id % 5 <> 4`;

async function pgAnswer(where: string, params: string[] = []): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT id FROM w WHERE ${where} ORDER BY id`,
    params,
  );
  return rows.map((r) => String(r.id));
}

interface Cursor {
  def: ShapeDefinition;
  handle?: string;
  offset: string;
  ids: Set<string>;
}

/** Reads a shape through the in-process API until up-to-date, materialising row ids. */
async function readUntilUpToDate(c: Cursor, live: boolean): Promise<void> {
  for (;;) {
    const r = await h.engine.serveShape(c.def, {
      offset: c.offset,
      handle: c.handle,
      live: live && c.offset !== '-1' ? 'true' : undefined,
    });
    expect(r.status, r.body).toBe(200);
    c.handle = r.headers['electric-handle'];
    c.offset = r.headers['electric-offset']!;
    for (const m of JSON.parse(r.body) as Array<{
      key?: string;
      headers: { operation?: string };
      value?: { id?: string };
    }>) {
      const id = m.key?.split('/"')[1]?.slice(0, -1);
      if (!id) continue;
      if (m.headers.operation === 'delete') c.ids.delete(id);
      else c.ids.add(id);
    }
    if (r.headers['electric-up-to-date'] !== undefined && (!live || r.body !== '[]')) return;
  }
}

const sorted = (s: Set<string>) => [...s].sort((a, b) => Number(a) - Number(b));

/**
 * Waits until the engine has routed everything committed so far: the stream is processed
 * in commit order, so once a marker row written now reaches the barrier shape, every
 * earlier transaction has reached every shape.
 */
async function barrier(b: Cursor, marker: number): Promise<void> {
  await db.pool.query(`INSERT INTO w (id) VALUES ($1)`, [marker]);
  while (!b.ids.has(String(marker))) await readUntilUpToDate(b, true);
}

describe('where clauses evaluated in Node agree with PostgreSQL', () => {
  it('on replicated inserts and updates, and in snapshots', async () => {
    const markers: Cursor = {
      def: { table: 'w', where: 'id >= 1000' },
      offset: '-1',
      ids: new Set(),
    };
    await readUntilUpToDate(markers, false);
    const cursors: Cursor[] = [];
    for (const [where, params] of CLAUSES) {
      const c: Cursor = { def: { table: 'w', where, params }, offset: '-1', ids: new Set() };
      await readUntilUpToDate(c, false);
      expect(c.ids.size).toBe(0);
      cursors.push(c);
    }
    await db.pool.query(ROWS_SQL);
    await barrier(markers, 1000);
    await db.pool.query('DELETE FROM w WHERE id >= 1000');
    for (const [i, [where, params]] of CLAUSES.entries()) {
      const c = cursors[i]!;
      await readUntilUpToDate(c, false);
      expect(sorted(c.ids), `after inserts: ${where}`).toEqual(await pgAnswer(where, params));
    }

    await db.pool.query(UPDATE_SQL);
    await barrier(markers, 1001);
    await db.pool.query('DELETE FROM w WHERE id >= 1000');
    await barrier(markers, 1002);
    for (const [i, [where, params]] of CLAUSES.entries()) {
      const c = cursors[i]!;
      const expected = await pgAnswer(where, params);
      await readUntilUpToDate(c, false);
      expect(sorted(c.ids), `after updates: ${where}`).toEqual(expected);

      // A fresh shape's snapshot uses the generated SQL.
      expect(h.engine.deleteShape(c.def)).toBe(true);
      const fresh: Cursor = { def: c.def, offset: '-1', ids: new Set() };
      await readUntilUpToDate(fresh, false);
      expect(sorted(fresh.ids), `snapshot: ${where}`).toEqual(expected);
    }
  });
});
