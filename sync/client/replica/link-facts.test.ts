/**
 * link_facts on a real SQLite file follows the synced tables through every
 * way server rows arrive: a snapshot (staged, swapped in), server changes
 * (insert, update of a counted column or of another, soft delete, restore,
 * delete), a removal link and its withdrawal, a swap of an unrelated table,
 * and an upgrade from a replica that predates the table. After each step the
 * table is compared with the rule computed here in plain TypeScript over the
 * rows the test sent (not with the SQL that fills it), and link_fact_counts
 * with the rows of link_facts.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { withTextTimestamps } from '../testing/stored-rows.ts';
import { uuidTextSql as uuidText } from './uuid-blob.ts';
import { MIGRATIONS } from './migrations.ts';
import { Replica } from './replica.ts';
import { uuidv7 } from './uuidv7.ts';
import { timestampText } from './sql-types.ts';
import type { ServerChange } from './server-change.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';
const OTHER = '0193a8c4-6b1e-7c3a-9f00-0000000000bb';
const STAMP = { created_at: '2026-03-01T09:00:00.000000Z', updated_at: '2026-03-01T09:00:00.000000Z' };

type Row = Record<string, unknown> & { id: string };
/** What the test's server holds: the rows it sent, by table and id. */
const server = { interactions: new Map<string, Row>(), interaction_principals: new Map<string, Row>() };

function interaction(over: Partial<Row> = {}): Row {
  return {
    id: uuidv7(),
    workspace_id: WS,
    interaction_type: 'Phone Call',
    interaction_date: '2026-03-02T10:00:00.000000Z',
    follow_up_required: false,
    follow_up_date: null,
    follow_up_done_at: null,
    follow_up_assignee_id: null,
    ...STAMP,
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
    ...over,
  };
}

function link(interaction_id: string, principal_id: string, source = 'derived', over: Partial<Row> = {}): Row {
  return {
    id: uuidv7(),
    workspace_id: WS,
    interaction_id,
    principal_id,
    source,
    ...STAMP,
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
    ...over,
  };
}

/** The rule, independently: live derived/chosen link, no live removal, live interaction; each pair once. */
function expected(): string[] {
  const live = [...server.interaction_principals.values()].filter((l) => l.deleted_at === null);
  const removed = new Set(live.filter((l) => l.source === 'removed').map((l) => `${l.interaction_id}|${l.principal_id}`));
  const out = new Set<string>();
  for (const l of live) {
    const key = `${l.interaction_id}|${l.principal_id}`;
    const i = server.interactions.get(l.interaction_id as string);
    if (l.source === 'removed' || removed.has(key) || !i || i.deleted_at !== null) continue;
    const open = i.follow_up_required === true && i.follow_up_done_at === null;
    out.add(
      [l.principal_id, l.interaction_id, i.interaction_date, i.created_by, open ? i.follow_up_date : null, open ? i.follow_up_assignee_id : null].join('|'),
    );
  }
  return [...out].sort();
}

function facts(t: TempReplica): string[] {
  // Every read also checks link_fact_counts against the rows it counts (no zero-count leftovers matter).
  const counted = t.replica
    .prepare(`SELECT ${uuidText('principal_id')} AS principal_id, ${uuidText('author')} AS author, n
      FROM link_fact_counts WHERE n <> 0 ORDER BY 1, 2`)
    .all();
  const actual = t.replica
    .prepare(
      `SELECT ${uuidText('principal_id')} AS principal_id, ${uuidText("coalesce(created_by, '')")} AS author, count(*) AS n
       FROM link_facts GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
  expect(counted).toEqual(actual);
  return (
    t.replica
      .prepare(
        // Ids are stored as 16-byte blobs: read back as text, to compare with the rows sent.
        `SELECT ${uuidText('principal_id')}, ${uuidText('interaction_id')}, interaction_date, ${uuidText('created_by')},
           open_follow_up_date, ${uuidText('open_follow_up_assignee_id')} FROM link_facts`,
      )
      .all() as Record<string, string | null>[]
  )
    // Dates are stored as integer microseconds: read back as the text sent.
    .map((r) => Object.values({ ...r, interaction_date: timestampText(r.interaction_date!) }).join('|'))
    .sort();
}

type Table = keyof typeof server;
function send(t: TempReplica, table: Table, changes: ServerChange[]): void {
  for (const c of changes) {
    const id = c.row.id as string;
    if (c.op === 'delete') server[table].delete(id);
    else server[table].set(id, { ...server[table].get(id), ...c.row } as Row);
  }
  t.replica.fromServer.applyChanges(table, changes, { shape: { handle: 'h', offset: '1_0' }, upToDate: true });
}

function snapshot(t: TempReplica, table: Table, rows: Row[]): void {
  server[table] = new Map(rows.map((r) => [r.id, r]));
  const s = t.replica.fromServer;
  s.beginSnapshot(table);
  // Two batches, as a stream delivers them.
  const half = Math.ceil(rows.length / 2);
  s.stageSnapshot(table, rows.slice(0, half).map((row) => ({ op: 'insert' as const, row })));
  s.stageSnapshot(table, rows.slice(half).map((row) => ({ op: 'insert' as const, row })));
  s.replaceFromStaging(table, { shape: { handle: 'h', offset: '0_0' } });
}

let t: TempReplica;
afterEach(() => {
  t?.cleanup();
  server.interactions.clear();
  server.interaction_principals.clear();
});

const [P1, P2, P3] = [uuidv7(), uuidv7(), uuidv7()];

describe('link_facts', () => {
  it('is filled by a snapshot of either table, in either order, and follows every kind of server change', () => {
    t = openTempReplica({ actorId: USER });
    const a = interaction({ follow_up_required: true, follow_up_date: '2026-03-03', follow_up_assignee_id: OTHER });
    const b = interaction({ interaction_date: '2026-02-01T08:00:00.000000Z', created_by: OTHER });
    const gone = interaction({ deleted_at: '2026-03-01T12:00:00.000000Z' });
    // Links first: the interactions are not there yet, so nothing counts.
    snapshot(t, 'interaction_principals', [
      link(a.id, P1),
      link(a.id, P1, 'chosen'), // a pair held by both kinds counts once
      link(a.id, P2, 'chosen'),
      link(b.id, P1),
      link(b.id, P2),
      link(b.id, P2, 'removed'), // the user removed it: not counted
      link(b.id, P3, 'chosen', { deleted_at: '2026-03-01T12:00:00.000000Z' }),
      link(gone.id, P1),
    ]);
    expect(facts(t)).toEqual([]);
    snapshot(t, 'interactions', [a, b, gone]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t)).toHaveLength(3);

    // Updates of counted columns move the facts; others leave them.
    send(t, 'interactions', [
      { op: 'update', row: { id: a.id, follow_up_done_at: '2026-03-03T10:00:00.000000Z' } },
      { op: 'update', row: { id: b.id, interaction_date: '2026-03-04T10:00:00.000000Z', notes: 'moved' } },
    ]);
    expect(facts(t)).toEqual(expected());
    send(t, 'interactions', [{ op: 'update', row: { id: b.id, notes: 'only the notes' } }]);
    expect(facts(t)).toEqual(expected());

    // Soft delete, restore, and a hard delete of an interaction.
    send(t, 'interactions', [{ op: 'update', row: { id: a.id, deleted_at: '2026-03-05T00:00:00.000000Z' } }]);
    expect(facts(t).some((f) => f.includes(a.id))).toBe(false);
    send(t, 'interactions', [{ op: 'update', row: { id: a.id, deleted_at: null } }]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t).filter((f) => f.includes(a.id))).toHaveLength(2);
    send(t, 'interactions', [{ op: 'update', row: { id: gone.id, deleted_at: null } }]);
    expect(facts(t)).toEqual(expected());
    send(t, 'interactions', [{ op: 'delete', row: { id: gone.id } }]);
    expect(facts(t)).toEqual(expected());

    // Links: a new one, a removal (wins over derived and chosen), its withdrawal, a link deleted.
    const c = interaction();
    send(t, 'interactions', [{ op: 'insert', row: c }]);
    expect(facts(t)).toEqual(expected()); // no link yet
    const cLink = link(c.id, P3, 'chosen');
    send(t, 'interaction_principals', [{ op: 'insert', row: cLink }]);
    expect(facts(t).filter((f) => f.includes(c.id))).toHaveLength(1);
    const removal = link(a.id, P1, 'removed');
    send(t, 'interaction_principals', [{ op: 'insert', row: removal }]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t).some((f) => f.startsWith(`${P1}|${a.id}`))).toBe(false);
    send(t, 'interaction_principals', [{ op: 'update', row: { id: removal.id, deleted_at: '2026-03-06T00:00:00.000000Z' } }]);
    expect(facts(t).some((f) => f.startsWith(`${P1}|${a.id}`))).toBe(true);
    send(t, 'interaction_principals', [{ op: 'delete', row: { id: cLink.id } }]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t).some((f) => f.includes(c.id))).toBe(false);

    // A swap of another table (its own rename) leaves the facts and their triggers working.
    t.replica.fromServer.replaceRows('organizations', [], { shape: { handle: 'h', offset: '0_0' } });
    send(t, 'interaction_principals', [{ op: 'insert', row: link(c.id, P1) }]);
    expect(facts(t)).toEqual(expected());

    // A refetched snapshot replaces them wholesale.
    snapshot(t, 'interaction_principals', [link(c.id, P2), link(b.id, P3, 'chosen')]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t)).toHaveLength(2);
  });

  it('keeps only server rows: a local pending change and its rejection leave the facts alone', () => {
    t = openTempReplica({ actorId: USER });
    const a = interaction();
    snapshot(t, 'interactions', [a]);
    snapshot(t, 'interaction_principals', [link(a.id, P1)]);
    const before = facts(t);
    t.replica.outbox.enqueue([
      { table: 'interactions', op: 'update', row_id: a.id, changes: { interaction_date: '2026-03-09T10:00:00.000000Z' } },
    ]);
    expect(withTextTimestamps('interactions', t.replica.getRow('interactions', a.id))).toMatchObject({ _pending: 1, interaction_date: '2026-03-09T10:00:00.000000Z' });
    expect(facts(t)).toEqual(before);
    const [m] = t.replica.outbox.nextBatch();
    t.replica.outbox.recordResults([{ mutation_id: m!.mutation_id, status: 'rejected', code: 'forbidden', message: 'no' }]);
    expect(facts(t)).toEqual(before);
  });

  it('is filled on opening a replica synced by a release without it', () => {
    t = openTempReplica({ actorId: USER });
    const a = interaction();
    snapshot(t, 'interactions', [a]);
    snapshot(t, 'interaction_principals', [link(a.id, P1), link(a.id, P2, 'chosen')]);
    t.replica.close();
    // The file as local version 5 left it: no link_facts, no triggers, no record of step 6.
    const raw = new Database(t.file);
    raw.exec(`DROP TABLE link_facts; DROP TABLE link_fact_counts; DELETE FROM local_migrations WHERE version >= 6;
      DELETE FROM replica_meta WHERE key = 'link_facts_fingerprint'`);
    for (const { name } of raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'link_facts%'`).all() as { name: string }[])
      raw.exec(`DROP TRIGGER "${name}"`);
    raw.close();
    t.replica = Replica.open(t.file, { actorId: USER });
    expect(facts(t)).toEqual(expected());
    expect(facts(t)).toHaveLength(2);
    send(t, 'interactions', [{ op: 'update', row: { id: a.id, interaction_date: '2026-03-09T10:00:00.000000Z' } }]);
    expect(facts(t)).toEqual(expected());
  });

  it('is rebuilt in 16-byte ids without workspace_id on opening a file of the version 6 layout (local step 8)', () => {
    t = openTempReplica({ actorId: USER });
    const a = interaction({ follow_up_required: true, follow_up_date: '2026-03-05', follow_up_assignee_id: OTHER });
    const b = interaction({ created_by: OTHER });
    snapshot(t, 'interactions', [a, b]);
    snapshot(t, 'interaction_principals', [link(a.id, P1), link(b.id, P1), link(b.id, P2, 'chosen')]);
    t.replica.close();
    // The file as step 9 left it: link_facts as step 6 made it, text ids, with rows and triggers of that
    // release (here: rows that no longer match, so only a rebuild gives the expected facts).
    const raw = new Database(t.file);
    raw.exec(`DROP TABLE link_facts; DROP TABLE link_fact_counts; DELETE FROM local_migrations WHERE version >= 8`);
    MIGRATIONS.find((m) => m.version === 6)!.up(raw);
    raw.prepare(`INSERT INTO link_facts VALUES (?, ?, '2026-01-01', ?, ?, NULL, NULL)`).run(WS, P3, a.id, USER);
    raw.exec(`INSERT INTO replica_meta (key, value) VALUES ('link_facts_fingerprint', 'a release before')`);
    raw.close();
    t.replica = Replica.open(t.file, { actorId: USER });
    const columns = (t.replica.prepare('PRAGMA table_info(link_facts)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('workspace_id');
    expect(t.replica.prepare(`SELECT DISTINCT typeof(principal_id) AS t, length(interaction_id) AS n FROM link_facts`).all())
      .toEqual([{ t: 'blob', n: 16 }]);
    expect(facts(t)).toHaveLength(3);
    expect(facts(t)).toEqual(expected());
    // The triggers of the new layout keep it from there.
    send(t, 'interactions', [{ op: 'update', row: { id: b.id, deleted_at: '2026-03-03T09:00:00.000000Z' } }]);
    send(t, 'interaction_principals', [{ op: 'insert', row: link(a.id, P3, 'chosen') }]);
    expect(facts(t)).toEqual(expected());
    expect(facts(t)).toHaveLength(2);
  });
});
