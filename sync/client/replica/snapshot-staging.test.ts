/**
 * A streamed snapshot on a real SQLite file: batches land in
 * <table>_staging while the replica keeps showing the previous rows; the swap
 * at up-to-date puts exactly the staged rows in place (with indexes and
 * search), pending local edits on top; a restart's leftovers are dropped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { uuidv7 } from './uuidv7.ts';
import { indexName, indexesOf } from './indexes.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';

function org(id: string, name: string) {
  return {
    id,
    workspace_id: WS,
    name,
    is_principal: false,
    is_distributor: false,
    city: 'Austin',
    created_at: '2026-03-01 09:00:00.123456+00',
    updated_at: '2026-03-01 09:00:00.123456+00',
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
  };
}

let t: TempReplica;
afterEach(() => t?.cleanup());

const names = (t: TempReplica) =>
  (t.replica.prepare('SELECT name FROM organizations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
const indexesOn = (t: TempReplica, table: string) =>
  (
    t.replica
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'ix\\_%' ESCAPE '\\' ORDER BY name`)
      .all(table) as { name: string }[]
  ).map((r) => r.name);
const tableExists = (t: TempReplica, name: string) =>
  t.replica.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

describe('streamed snapshot', () => {
  it('keeps the previous rows visible while batches are staged, then swaps in exactly the staged rows', () => {
    t = openTempReplica({ actorId: USER });
    const server = t.replica.fromServer;
    const [old, kept, changed, gone] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    server.replaceRows('organizations', [org(old, 'Old Co'), org(kept, 'Kept Co')], {
      shape: { handle: 'h1', offset: '5_0' },
    });

    server.beginSnapshot('organizations');
    server.stageSnapshot('organizations', [
      { op: 'insert', row: org(kept, 'Kept Co') },
      { op: 'insert', row: org(changed, 'Changed Co') },
    ]);
    server.stageSnapshot('organizations', [
      { op: 'insert', row: org(gone, 'Gone Co') },
      // After the snapshot, the log: an update carries the key and the changed columns only.
      { op: 'update', row: { id: changed, city: 'Dallas' } },
      { op: 'delete', row: { id: gone } },
    ]);
    // Nothing staged shows yet, and the stream position is the previous one.
    expect(names(t)).toEqual(['Kept Co', 'Old Co']);
    expect(server.shapeState('organizations')).toMatchObject({ handle: 'h1', offset: '5_0' });

    const report = server.replaceFromStaging('organizations', { shape: { handle: 'h2', offset: '0_inf' } });
    expect(report).toMatchObject({ written: 2, deleted: 2 });
    expect(names(t)).toEqual(['Changed Co', 'Kept Co']);
    expect(t.replica.getRow('organizations', changed)).toMatchObject({ city: 'Dallas', _pending: 0 });
    expect(server.shapeState('organizations')).toMatchObject({ handle: 'h2', offset: '0_inf', rows_applied: 2 });
    expect(tableExists(t, 'organizations_staging')).toBe(false);
    // The swapped-in table has the secondary indexes and feeds search.
    const indexes = (
      t.replica.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'organizations_synced' AND name LIKE 'ix_%'`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes.sort()).toEqual(indexesOf('organizations').map((d) => indexName('organizations', d)).sort());
    expect(t.replica.prepare(`SELECT count(*) AS n FROM search_docs WHERE table_name = 'organizations'`).get()).toEqual({ n: 2 });
    // Keyed by one unique index under the synced name (the log part's early key is gone with the staging name).
    expect(indexesOn(t, 'organizations_synced')).toEqual(['organizations_synced_key']);
    expect(t.replica.checkIntegrity()).toEqual([]);
  });

  it('stages rows without a key, keeps the last of an id staged twice, and keys the swapped-in table by id', () => {
    t = openTempReplica({ actorId: USER });
    const server = t.replica.fromServer;
    const [a, b] = [uuidv7(), uuidv7()];
    server.beginSnapshot('organizations');
    // Appended to one b-tree: no index on the staging table while the snapshot streams in.
    expect(indexesOn(t, 'organizations_staging')).toEqual([]);
    server.stageSnapshot('organizations', [
      { op: 'insert', row: org(a, 'First Take') },
      { op: 'insert', row: org(b, 'Bravo Co') },
    ]);
    server.stageSnapshot('organizations', [{ op: 'insert', row: org(a, 'Second Take') }]);
    expect(indexesOn(t, 'organizations_staging')).toEqual([]);
    expect(server.replaceFromStaging('organizations')).toMatchObject({ written: 3 });
    expect(names(t)).toEqual(['Bravo Co', 'Second Take']);
    expect(indexesOn(t, 'organizations_synced')).toEqual(['organizations_synced_key']);
    // The key does what PRIMARY KEY did: an arriving row with a known id updates it in place,
    // and a second row under one id is refused.
    server.applyChanges('organizations', [{ op: 'insert', row: org(a, 'Third Take') }]);
    expect(names(t)).toEqual(['Bravo Co', 'Third Take']);
    expect(() =>
      t.replica.prepare(`INSERT INTO organizations_synced (id, workspace_id, name) VALUES (?, ?, 'Twin')`).run(b, WS),
    ).toThrow(/UNIQUE constraint failed/);
    const plan = t.replica.prepare(`EXPLAIN QUERY PLAN SELECT name FROM organizations_synced WHERE id = ?`).all(a) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('INDEX organizations_synced_key (id=?)');
    expect(t.replica.checkIntegrity()).toEqual([]);
  });

  it('puts a pending local edit on top of the swapped-in row', () => {
    t = openTempReplica({ actorId: USER });
    const server = t.replica.fromServer;
    const id = uuidv7();
    server.replaceRows('organizations', [org(id, 'Saucy Foods')]);
    t.replica.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { city: 'Houston' } }]);
    server.beginSnapshot('organizations');
    server.stageSnapshot('organizations', [{ op: 'insert', row: { ...org(id, 'Saucy Foods (renamed)'), city: 'El Paso' } }]);
    server.replaceFromStaging('organizations');
    expect(t.replica.getRow('organizations', id)).toMatchObject({ name: 'Saucy Foods (renamed)', city: 'Houston', _pending: 1 });
    expect(t.replica.checkIntegrity()).toEqual([]);
  });

  it('drops what an interrupted run staged when the table is streamed again', () => {
    t = openTempReplica({ actorId: USER });
    const server = t.replica.fromServer;
    const [a, b] = [uuidv7(), uuidv7()];
    server.beginSnapshot('organizations');
    server.stageSnapshot('organizations', [{ op: 'insert', row: org(a, 'Half Co') }]);
    // The process dies here; the next one opens the file and streams the shape from its beginning.
    const r = t.reopen({ actorId: USER });
    expect(tableExists(t, 'organizations_staging')).toBe(true);
    expect(names(t)).toEqual([]);
    r.fromServer.beginSnapshot('organizations');
    r.fromServer.stageSnapshot('organizations', [{ op: 'insert', row: org(b, 'Whole Co') }]);
    r.fromServer.replaceFromStaging('organizations');
    expect(names(t)).toEqual(['Whole Co']);
    expect(r.checkIntegrity()).toEqual([]);
  });
});
