/**
 * Local migration 10 (sync/client/replica/integer-timestamps.ts) on a file of local version 8:
 * timestamps as canonical text in the synced and overlay tables and in link_facts, synced rows,
 * a pending local change, search documents. After the upgrade the timestamps are integers, and
 * the reads, the dashboard, the follow-ups and a push of the pending change answer as before.
 */
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { TABLE_NAMES, type TableName } from '../../../sync/schema/index.ts';
import { columnSpecs, isMutable, q } from '../../../sync/client/replica/index.ts';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
afterEach(() => core.cleanup());

const timestamps = (t: TableName) =>
  Object.entries(columnSpecs(t))
    .filter(([, s]) => s.type.kind === 'timestamptz')
    .map(([n]) => n);

/** Stored microseconds as the canonical text version 8 stored, in SQL of its own (not the app's). */
const asText = (col: string) => `CASE WHEN typeof(${col}) = 'integer' THEN
  strftime('%Y-%m-%dT%H:%M:%S', ${col} / 1000000, 'unixepoch') || '.' || printf('%06d', ${col} % 1000000) || 'Z'
  ELSE ${col} END`;

/**
 * Puts the file back in the layout of local version 8: each table's timestamp columns declared
 * TEXT and holding text, link_facts with a TEXT date, the fingerprints reconcile stored then.
 */
function backToVersion8(file: string): void {
  const db = new Database(file);
  db.exec('BEGIN');
  for (const { name } of db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'link_fact%'`)
    .all() as { name: string }[])
    db.exec(`DROP TRIGGER ${q(name)}`);
  for (const t of TABLE_NAMES) {
    const ts = new Set(timestamps(t));
    const view = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?`)
      .get(t) as {
      sql: string;
    };
    db.exec(`DROP VIEW ${q(t)}`);
    for (const storage of [`${t}_synced`, ...(isMutable(t) ? [`${t}_local`] : [])]) {
      const cols = db.prepare(`PRAGMA table_info(${q(storage)})`).all() as {
        name: string;
        type: string;
        pk: number;
      }[];
      const indexes = db
        .prepare(
          `SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
        )
        .all(storage) as { sql: string }[];
      db.exec(
        `CREATE TABLE old (${cols.map((c) => `${q(c.name)} ${ts.has(c.name) ? 'TEXT' : c.type}`).join(', ')}${cols.some((c) => c.pk) ? ', PRIMARY KEY (id)' : ''})`,
      );
      db.exec(
        `INSERT INTO old SELECT ${cols.map((c) => (ts.has(c.name) ? asText(q(c.name)) : q(c.name))).join(', ')} FROM ${q(storage)}`,
      );
      db.exec(`DROP TABLE ${q(storage)}; ALTER TABLE old RENAME TO ${q(storage)}`);
      for (const { sql } of indexes) db.exec(sql);
    }
    db.exec(view.sql);
    const fp = db.prepare('SELECT fingerprint FROM replica_tables WHERE table_name = ?').get(t) as {
      fingerprint: string;
    };
    db.prepare('UPDATE replica_tables SET fingerprint = ? WHERE table_name = ?').run(
      fp.fingerprint.replace(/(\w+):INTEGER:timestamptz/g, '$1:TEXT:timestamptz'),
      t,
    );
  }
  // link_facts as step 8 made it (a TEXT date), with its rows; reconcile's triggers come back on open.
  db.exec(`CREATE TABLE lf AS SELECT * FROM link_facts; DROP TABLE link_facts;
    CREATE TABLE link_facts (principal_id BLOB NOT NULL, interaction_date TEXT NOT NULL, interaction_id BLOB NOT NULL,
      created_by BLOB, open_follow_up_date TEXT, open_follow_up_assignee_id BLOB,
      PRIMARY KEY (principal_id, interaction_date, interaction_id)) WITHOUT ROWID;
    CREATE INDEX link_facts_open_follow_up_idx ON link_facts (principal_id, open_follow_up_date, open_follow_up_assignee_id)
      WHERE open_follow_up_date IS NOT NULL;
    INSERT INTO link_facts SELECT principal_id, ${asText('interaction_date')}, interaction_id, created_by,
      open_follow_up_date, open_follow_up_assignee_id FROM lf;
    DROP TABLE lf;
    DELETE FROM local_migrations WHERE version > 8;`);
  db.exec('COMMIT');
  db.close();
}

/** Everything a person sees, and what the push loop would send. */
function answers(g: Graph) {
  const ctx = core.ctx;
  const today = { today: '2026-03-04' };
  return {
    dashboard: [
      c.principalDashboard(ctx, today),
      c.principalDashboard(ctx, { ...today, scope: 'mine' }),
    ],
    pipeline: c.pipelineByStage(ctx, {}),
    closeReasons: c.closeReasonReport(ctx, { days: 30 }),
    organizations: c.organizationList.run(ctx, { sort: 'last_interaction_at', limit: 100 }),
    interactions: c.interactionList.run(ctx, { limit: 100, from: '2026-03-02T00:00:00Z' }),
    details: (['customer', 'contact', 'opportunity', 'interaction'] as const).map((k) =>
      c.recordDetail(ctx, {
        table: {
          customer: 'organizations',
          contact: 'contacts',
          opportunity: 'opportunities',
          interaction: 'interactions',
        }[k],
        id: g[k],
      } as never),
    ),
    followUps: [
      c.followUps(ctx, today),
      c.followUpCounts(ctx, today),
      c.followUpRemindersFor(ctx, { now: '2026-03-04T12:00:00.000Z' }),
    ],
    search: [c.search(ctx, { q: 'chipotle' }), c.search(ctx, { q: 'pending' })],
    push: core.t.replica.outbox.nextBatch().map(({ mutation_id, table, op, row_id, changes }) => ({
      mutation_id,
      table,
      op,
      row_id,
      changes,
    })),
  };
}

it('upgrades a version 8 file: integer timestamps, the same answers, the pending change still pushed', () => {
  core = openTestCore();
  const g = seedGraph(core);
  core.clock.advance(3_600_000);
  // Pending: a quick log and an edit of a synced record, never pushed.
  c.logInteraction(core.ctx, {
    interaction_type: 'Note',
    notes: 'pending sample',
    contact_id: g.contact,
    follow_up_date: '2026-03-03',
  });
  c.moveOpportunityStage(core.ctx, { id: g.opportunity, stage: 'Demo Scheduled' });
  // Organizations as a snapshot leaves them: no PRIMARY KEY, keyed by a unique index (snapshot-staging.ts).
  // Through the replica's statements: ids as uuid text, as a server row carries them.
  const orgs = core.t.replica.prepare('SELECT * FROM organizations_synced').all() as Record<
    string,
    unknown
  >[];
  core.t.replica.fromServer.replaceRows('organizations', orgs);
  const before = answers(g);
  expect(before.push.length).toBe(2);
  const indexes = () =>
    core.t.replica.db
      .prepare(`SELECT tbl_name, name FROM sqlite_schema WHERE type = 'index' ORDER BY 1, 2`)
      .all();
  const indexesBefore = indexes();
  expect(indexesBefore).toContainEqual({
    tbl_name: 'organizations_synced',
    name: 'organizations_synced_key',
  });
  core.t.replica.close();

  backToVersion8(core.t.file);
  const old = new Database(core.t.file, { readonly: true });
  expect(
    old.prepare(`SELECT typeof(interaction_date) AS t FROM interactions_synced LIMIT 1`).get(),
  ).toEqual({ t: 'text' });
  expect(old.prepare('SELECT max(version) AS v FROM local_migrations').get()).toEqual({ v: 8 });
  old.close();

  core.ctx.replica = core.t.reopen();
  const db = core.t.replica.db;
  expect(db.prepare('SELECT max(version) AS v FROM local_migrations').get()).toEqual({ v: 10 });
  // No refetch: the tables were rebuilt in place, and their fingerprints say so.
  expect(core.t.replica.tablesToRefetch).toEqual([]);
  for (const t of TABLE_NAMES)
    for (const storage of [`${t}_synced`, ...(isMutable(t) ? [`${t}_local`] : [])])
      for (const col of timestamps(t)) {
        const kinds = db
          .prepare(`SELECT DISTINCT typeof(${q(col)}) AS k FROM ${q(storage)}`)
          .all() as { k: string }[];
        expect
          .soft(
            kinds.filter((k) => k.k !== 'integer' && k.k !== 'null'),
            `${storage}.${col}`,
          )
          .toEqual([]);
      }
  expect(db.prepare(`SELECT count(*) AS n FROM interactions_local`).get()).toEqual({ n: 1 });
  expect(db.prepare(`SELECT DISTINCT typeof(interaction_date) AS t FROM link_facts`).all()).toEqual(
    [{ t: 'integer' }],
  );
  expect(core.t.replica.checkIntegrity()).toEqual([]);
  // Every table keeps its key and indexes, however it was keyed.
  expect(indexes()).toEqual(indexesBefore);

  expect(answers(g)).toEqual(before);
  // The push: the stand-in server confirms it and delivers its rows; nothing is pending after.
  core.syncAll();
  expect(core.t.replica.outbox.entries()).toEqual([]);
  expect(
    c.recordDetail(core.ctx, { table: 'opportunities', id: g.opportunity } as never),
  ).toMatchObject({
    record: { stage: 'Demo Scheduled', _pending: false },
  });
});
