/**
 * The replica stores timestamps as integer microseconds (sync/client/replica/sql-types.ts), and
 * rows leave the core as canonical text (fromSqlRow). A value read under a name no column spec
 * names (max(...) AS last_at, a CTE's column) is converted by the query that builds it: this runs
 * every query of QUERIES, with inputs reaching each branch, on a replica with synced rows and
 * pending local changes, and fails if any field named like a timestamp comes out as anything but
 * null or text. It also checks the other side: parameters compared with stored timestamps (date
 * ranges, keyset cursors over timestamp sorts, engagement cut-offs) select what the text did.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import { queryInputs } from '../testing/query-inputs.ts';

let core: TestCore;
let g: Graph;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
  // Time passes between records, so sorts and ranges have something to tell apart.
  for (const [i, notes] of ['first pending', 'second pending'].entries()) {
    core.clock.advance(3_600_000 * (i + 1));
    c.logInteraction(core.ctx, { interaction_type: 'Note', notes, contact_id: g.contact });
  }
  core.clock.advance(60_000);
  c.updateOrganization(core.ctx, { id: g.customer2, city: 'Galveston' });
  c.moveOpportunityStage(core.ctx, {
    id: g.opportunity,
    stage: 'Closed - Stalled',
    close_reason: 'Price or terms',
  });
});
afterEach(() => core.cleanup());

const TIMESTAMP_NAME = /(_at|_date)$/;
const TEXT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\.\d{3,6}Z)?$/;

/** Every field named like a timestamp or date in `value`, with its path. */
function timestampFields(value: unknown, path: string, out: [string, unknown][]): void {
  if (Array.isArray(value)) value.forEach((v, i) => timestampFields(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (TIMESTAMP_NAME.test(k)) out.push([`${path}.${k}`, v]);
      timestampFields(v, `${path}.${k}`, out);
    }
}

describe('timestamps leaving the core', () => {
  it('come out of every query as text, never as the stored integer', () => {
    const queries = c.QUERIES as Record<string, { run(ctx: unknown, input: object): unknown }>;
    const byQuery = queryInputs(g);
    expect(Object.keys(byQuery).sort()).toEqual(Object.keys(queries).sort());
    const fields: [string, unknown][] = [];
    for (const [name, list] of Object.entries(byQuery))
      for (const [i, input] of list.entries())
        timestampFields(queries[name]!.run(core.ctx, input), `${name}#${i}`, fields);
    const wrong = fields.filter(([, v]) => v !== null && !(typeof v === 'string' && TEXT.test(v)));
    expect(wrong).toEqual([]);
    // It saw them: timestamps of rows, of aliases (the dashboard's, the pipeline's), of details.
    const seen = new Set(
      fields.filter(([, v]) => typeof v === 'string').map(([p]) => p.split('#')[0]),
    );
    for (const name of [
      'dashboard.principals',
      'dashboard.pipeline',
      'organizations.list',
      'interactions.list',
      'records.detail',
      'follow_ups.list',
    ])
      expect(seen).toContain(name);
    expect(fields.filter(([, v]) => typeof v === 'string').length).toBeGreaterThan(100);
  });

  it('labels a search hit and a queued interaction with its UTC day', () => {
    const hits = c.search(core.ctx, { q: 'pending', tables: ['interactions'] });
    expect(hits.map((h) => h.title)).toEqual(['Note · 2026-03-02', 'Note · 2026-03-02']);
    const queue = JSON.stringify(c.syncQueue(core.ctx, {}));
    expect(queue).toContain('Note · 2026-03-02');
  });

  it('compares parameters as stored: a date range, keyset pages over a timestamp, the engagement cut-offs', () => {
    const all = c.interactionList.run(core.ctx, { limit: 100 }).rows as {
      interaction_date: string;
    }[];
    expect(all.length).toBeGreaterThan(2);
    const dates = all.map((r) => r.interaction_date).sort();
    const [from, before] = [dates[1]!, dates.at(-1)!];
    const ranged = c.interactionList.run(core.ctx, { limit: 100, from, before }).rows as {
      interaction_date: string;
    }[];
    expect(ranged.map((r) => r.interaction_date).sort()).toEqual(
      dates.filter((d) => d >= from && d < before),
    );
    expect(ranged.length).toBeGreaterThan(0);
    // One row per page through a timestamp sort with NULLs: the same order as all at once.
    for (const dir of ['asc', 'desc'] as const) {
      const whole = c.organizationList.run(core.ctx, {
        sort: 'last_interaction_at',
        dir,
        limit: 100,
      });
      const paged: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = c.organizationList.run(core.ctx, {
          sort: 'last_interaction_at',
          dir,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        paged.push(...page.rows.map((r) => r.id));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(paged).toEqual(whole.rows.map((r) => r.id));
      // NULLs first ascending, as '' sorted before every text timestamp.
      const values = whole.rows.map((r) => r.last_interaction_at as string | null);
      const nulls = values.filter((v) => v === null).length;
      expect(nulls).toBeGreaterThan(0);
      expect(values.length - nulls).toBeGreaterThan(0);
      const expected = [...values].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
      expect(values).toEqual(dir === 'asc' ? expected : expected.reverse());
    }
    // Engagement: the interactions of 2026-03-02 are High a day later, Low 20 days later.
    const level = (now: string) =>
      c
        .principalDashboard(core.ctx, { now, today: now.slice(0, 10) })
        .find((r) => r.principal_id === g.principal)!.engagement_level;
    expect(level('2026-03-03T10:00:00.000Z')).toBe('High');
    expect(level('2026-03-12T10:00:00.000Z')).toBe('Medium');
    expect(level('2026-03-22T10:00:00.000Z')).toBe('Low');
    expect(level('2026-05-01T10:00:00.000Z')).toBe('Inactive');
    // Close reasons since a cut-off: the stalled deal moved an hour ago counts, not 0 days back.
    expect(c.closeReasonReport(core.ctx, { days: 1 }).stalled).toBe(1);
  });
});
