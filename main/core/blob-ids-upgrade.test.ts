/**
 * Local migration 9 on a file of version 8 (every id as uuid text): synced
 * rows, a pending local change (outbox, own_changes, overlays), search
 * documents and a cached history are rewritten in place as 16-byte blobs, and
 * the core gives the same answers as before the upgrade: rows, lists, search,
 * record detail with history, the principal dashboard, the sync queue; then
 * the pending change is pushed and confirmed as if nothing had happened.
 *
 * The version-8 file is this test's own replica with its ids turned back
 * into text and the step's record removed: what version 8 stored (link_facts
 * had blob ids already since step 8, so they are left as they are).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLES, TABLE_NAMES, type ColumnSpec } from '../../sync/schema/index.ts';
import { HistoryCache, uuidTextSql, uuidv7 } from '../../sync/client/replica/index.ts';
import * as c from './index.ts';
import { openTestCore, type TestCore } from './testing/test-support.ts';
import { seedGraph, type Graph } from './testing/test-graph.ts';

let core: TestCore;
afterEach(() => core.cleanup());

const uuidColumns = (t: (typeof TABLE_NAMES)[number]) =>
  Object.entries(TABLES[t].columns as Record<string, ColumnSpec>)
    .filter(([, s]) => s.type.kind === 'uuid')
    .map(([n]) => n);

const BOOKKEEPING: [string, string[]][] = [
  ['search_docs', ['row_id']],
  ['outbox', ['mutation_id', 'row_id', 'workspace_id']],
  ['own_changes', ['mutation_id', 'row_id']],
  ['history_cache', ['record_id', 'id']],
  ['history_fetches', ['record_id']],
];

/** Every place migration 9 converts, as [table, column]. */
function idColumns(db: Database.Database): [string, string][] {
  const out: [string, string][] = [];
  for (const t of TABLE_NAMES)
    for (const storage of [`${t}_synced`, `${t}_local`])
      if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(storage))
        for (const col of uuidColumns(t)) out.push([storage, col]);
  for (const [table, cols] of BOOKKEEPING) for (const col of cols) out.push([table, col]);
  return out;
}

function storageClasses(db: Database.Database): Set<string> {
  const kinds = new Set<string>();
  for (const [table, col] of idColumns(db))
    for (const { t } of db.prepare(`SELECT DISTINCT typeof("${col}") AS t FROM "${table}" WHERE "${col}" IS NOT NULL`).all() as { t: string }[])
      kinds.add(t);
  return kinds;
}

/** The file as version 8 left it: ids as text, no record of step 9. */
function downgradeToVersion8(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    // The link_facts triggers compare the rows' ids with its blob keys: off while the ids are text.
    for (const { name } of db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'link_fact%'`).all() as { name: string }[])
      db.exec(`DROP TRIGGER "${name}"`);
    for (const [table, col] of idColumns(db)) db.exec(`UPDATE "${table}" SET "${col}" = ${uuidTextSql(`"${col}"`)}`);
    db.exec(`DELETE FROM local_migrations WHERE version >= 9`);
  })();
  expect(storageClasses(db)).toEqual(new Set(['text']));
  db.close();
}

function answers(core: TestCore, g: Graph) {
  const ctx = core.ctx;
  const history = new HistoryCache(ctx.replica);
  return {
    rows: Object.entries({
      organizations: g.customer,
      contacts: g.contact,
      products: g.product,
      opportunities: g.opportunity,
      interactions: g.interaction,
    }).map(([table, id]) => ctx.replica.getRow(table as 'organizations', id)),
    organizations: c.organizationList.run(ctx, { sort: 'name', limit: 3 }),
    interactions: c.interactionList.run(ctx, { limit: 50 }),
    search: ['chipotle', 'bistro', 'renamed'].map((q) => c.search(ctx, { q })),
    detail: c.recordDetail(ctx, { table: 'organizations', id: g.customer }),
    history: history.read('organizations', g.customer, 10),
    own: history.ownChangesBeyond('organizations', g.customer, [], null),
    team: c.principalDashboard(ctx, { today: '2026-03-04', scope: 'team' }),
    mine: c.principalDashboard(ctx, { today: '2026-03-04', scope: 'mine' }),
    followUps: c.followUpCounts(ctx, { today: '2026-03-04' }),
    queue: c.syncQueue(ctx),
    batch: ctx.replica.outbox.nextBatch(),
  };
}

describe('local migration 9: ids as blobs in a version 8 file', () => {
  it('rewrites rows, a pending change, search and history in place; the core answers as before; the push goes through', () => {
    core = openTestCore();
    const g = seedGraph(core);
    const ctx = core.ctx;
    new HistoryCache(ctx.replica).save(
      'organizations',
      g.customer,
      [
        {
          id: uuidv7(),
          workspace_id: core.workspaceId,
          occurred_at: '2026-03-01T09:00:00.000000Z',
          table_name: 'organizations',
          record_id: g.customer,
          action: 'insert',
          actor_id: core.userId,
          actor_name: 'Riley Rep',
          changed_fields: ['name'],
          old_values: null,
          new_values: { name: 'Elm Street Bistro' },
          transaction_id: '900',
        },
      ],
      { firstPage: true, now: '2026-03-02T10:00:00.000Z' },
    );
    // Pending, unpushed: a rename and a quick log about the principal's customer.
    c.updateOrganization(ctx, { id: g.customer, name: 'Elm Street Bistro Renamed' });
    c.logInteraction(ctx, { interaction_type: 'Email', notes: 'renamed menu', contact_id: g.contact });
    const before = answers(core, g);
    expect(before.batch).toHaveLength(2);
    expect(before.team.find((p) => p.principal_id === g.principal)?.interactions_count).toBeGreaterThan(0);
    expect(before.search[2]).toHaveLength(2);

    core.t.replica.close();
    downgradeToVersion8(core.t.file);
    core.ctx.replica = core.t.reopen();
    expect(storageClasses(core.t.replica.db)).toEqual(new Set(['blob']));
    expect(
      core.t.replica.db.prepare('SELECT DISTINCT length(row_id) AS n FROM search_docs').all(),
    ).toEqual([{ n: 16 }]);
    expect(answers(core, g)).toEqual(before);
    expect(core.t.replica.checkIntegrity()).toEqual([]);

    // The pending changes go out as they were queued, and come back confirmed.
    core.syncAll();
    expect(core.t.replica.outbox.counts()).toEqual({ pending: 0, sent: 0, applied: 0, rejected: 0 });
    expect(core.t.replica.getRow('organizations', g.customer)).toMatchObject({
      name: 'Elm Street Bistro Renamed',
      _pending: 0,
    });
    const after = answers(core, g);
    expect(after.team).toEqual(before.team);
    expect(after.search.map((hits) => hits.map((h) => h.id))).toEqual(before.search.map((hits) => hits.map((h) => h.id)));
    // The rename is now a confirmed change of this device, newest first, before the seed's create.
    expect(after.own.map((o) => o.mutation_id)).toEqual([
      before.batch[0]!.mutation_id,
      ...before.own.map((o) => o.mutation_id),
    ]);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });
});
