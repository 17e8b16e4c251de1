/**
 * The replica's indexes were cut to what the queries' plans use (issue 13:
 * the file's size): four indexes on the synced interactions and links, three
 * of which served the dashboard before link_facts, were dropped or narrowed. This runs
 * every query of QUERIES (each with the inputs that reach its index-using
 * branches: filters, scopes, each record kind), with a pending local change so
 * the overlays' arms are planned too, on a replica that still has those
 * indexes, and asks SQLite (EXPLAIN QUERY PLAN) for the plan of every
 * statement they ran, with the retired indexes and without them: without them
 * no plan may have more whole-table steps (scans, indexes built on the fly),
 * and a statement that chose a retired index searches another one. On a test
 * file without statistics the planner favours covering indexes, so this is
 * where a retired one is most tempting. The narrowed opportunity index still
 * serves an opportunity's timeline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyIndexName, q, syncedTable } from '../../../sync/client/replica/index.ts';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import { queryInputs } from '../testing/query-inputs.ts';

/** The definitions indexes.ts no longer lists (columns as they were). */
const RETIRED = [
  {
    name: 'retired_interactions_dashboard_by_id',
    table: 'interactions',
    columns:
      'id, opportunity_id, interaction_date, deleted_at, follow_up_required, follow_up_done_at, follow_up_date',
  },
  {
    name: 'retired_interactions_opportunity',
    table: 'interactions',
    columns:
      'opportunity_id, deleted_at, interaction_date, follow_up_required, follow_up_done_at, follow_up_date, id',
  },
  {
    name: 'retired_interaction_principals_interaction',
    table: 'interaction_principals',
    columns: 'interaction_id, principal_id, source, deleted_at',
  },
  {
    name: 'retired_interaction_principals_live',
    table: 'interaction_principals',
    columns: 'workspace_id, principal_id, interaction_id, source, deleted_at',
    where: 'deleted_at IS NULL',
  },
] as const;

let core: TestCore;
let g: Graph;
let statements: Set<string>;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
  // A pending local change: the dashboard and the lists then plan their overlay arms too.
  c.logInteraction(core.ctx, {
    interaction_type: 'Note',
    notes: 'pending sample',
    contact_id: g.contact,
  });
  const db = core.t.replica.db;
  for (const r of RETIRED)
    db.exec(
      `CREATE INDEX ${r.name} ON ${q(syncedTable(r.table))} (${r.columns})${'where' in r ? ` WHERE ${r.where}` : ''}`,
    );
  // Every statement the queries prepare goes through replica.stmt.
  statements = new Set();
  const replica = core.t.replica;
  const stmt = replica.stmt.bind(replica);
  replica.stmt = (sql: string) => {
    statements.add(sql);
    return stmt(sql);
  };
});
afterEach(() => core.cleanup());

/** The plan of `sql`, every parameter NULL (the plan does not depend on them without stat4). */
function plan(sql: string): string[] {
  const st = core.t.replica.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...new Set([...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
  const args: unknown[] = named.length
    ? [Object.fromEntries(named.map((n) => [n, null]))]
    : Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
  return (st.all(...args) as { detail: string }[]).map((r) => r.detail);
}

describe('replica indexes against the queries plans', () => {
  it('plans no whole-table step that the retired indexes avoided, and an opportunity timeline has its index', () => {
    const queries = c.QUERIES as Record<string, { run(ctx: unknown, input: object): unknown }>;
    const byQuery = queryInputs(g);
    expect(Object.keys(byQuery).sort()).toEqual(Object.keys(queries).sort());
    for (const [name, list] of Object.entries(byQuery))
      for (const input of list) queries[name]!.run(core.ctx, input);

    // Each statement planned with the retired indexes and without them (as the replica is now).
    const db = core.t.replica.db;
    const withRetired = new Map([...statements].map((sql) => [sql, plan(sql)]));
    for (const r of RETIRED) db.exec(`DROP INDEX ${r.name}`);
    const now = new Map([...statements].map((sql) => [sql, plan(sql)]));
    expect(now.size).toBeGreaterThan(30);
    // A whole-table step: a scan (not of a CTE or subquery result) or an index built on the fly.
    const scans = (lines: string[]) =>
      lines.filter(
        (l) =>
          /^SCAN (?!CONSTANT ROW)\w+( USING (?!COVERING INDEX|INDEX).*)?$/.test(l) ||
          l.includes('AUTOMATIC'),
      ).length;
    const worse = [...now].filter(([sql, lines]) => scans(lines) > scans(withRetired.get(sql)!));
    expect(worse.map(([sql, lines]) => `${lines.join(' | ')}\n${sql}`)).toEqual([]);
    // Where a plan chose a retired index, it now searches the same rows by the same first column
    // on a current index (not, say, a whole workspace's rows by workspace_id).
    const searched = (l: string) =>
      /^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((\w+)[=><]/.exec(l);
    /** Is `index` one of the synced table's own (views alias several tables alike: s, l)? */
    const onSynced = (index: string, table: string) =>
      (index.startsWith(`ix_${table}_`) && !index.startsWith(`ix_${table}_local_`)) ||
      index === `sqlite_autoindex_${syncedTable(table as 'interactions')}_1` ||
      index === keyIndexName(syncedTable(table as 'interactions'));
    const lost: string[] = [];
    for (const [sql, lines] of withRetired) {
      const current = now.get(sql)!.map(searched);
      for (const m of lines.map(searched)) {
        const r = m && RETIRED.find((x) => x.name === m[2]);
        if (!m || !r) continue;
        if (!current.some((c) => c && c[1] === m[1] && c[3] === m[3] && onSynced(c[2]!, r.table)))
          lost.push(`${m[0]}\n${sql}`);
      }
    }
    expect(lost).toEqual([]);
    expect(
      [...withRetired.values()].some((lines) => lines.some((l) => l.includes('retired_'))),
    ).toBe(true);
    // An opportunity's timeline and its interactions' search: the narrowed opportunity index.
    const opportunityIndex = [...now].filter(([, lines]) =>
      lines.some((l) =>
        /SEARCH \w+ USING (COVERING )?INDEX ix_interactions_opportunity_\w+ \(opportunity_id=\?/.test(
          l,
        ),
      ),
    );
    expect(opportunityIndex.length).toBeGreaterThan(0);
  });
});
