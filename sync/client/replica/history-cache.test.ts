/**
 * The history this desktop keeps now that audit_log is not replicated, on a
 * real SQLite replica file: fetched pages saved and replaced, evicted when
 * unseen; own changes kept by the outbox triggers after the outbox drops them,
 * told apart from the saved copy by transaction id, forgotten when refused;
 * and a replica of the previous release (audit_log replicated, local
 * migration 3) upgraded on open: its audit_log tables and shape state go.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../schema/history.ts';
import { openTempReplica, testClock, type TempReplica } from '../testing/temp-replica.ts';
import { HistoryCache } from './history-cache.ts';
import { uuidv7 } from './uuidv7.ts';

let t: TempReplica | undefined;
afterEach(() => t?.cleanup());

const WS = '01900000-0000-7000-8000-00000000aaaa';

function entry(recordId: string, at: string, name: string, txid: string): HistoryEntry {
  return {
    id: uuidv7(), workspace_id: WS, table_name: 'organizations', record_id: recordId, action: 'update',
    actor_id: null, changed_fields: ['name'], old_values: { name: 'x' }, new_values: { name },
    transaction_id: txid, occurred_at: at, actor_name: 'Riley Rep',
  };
}

describe('history cache', () => {
  it('keeps a fetched page, replaces it with a newer first page, and reads newest first', () => {
    t = openTempReplica();
    const cache = new HistoryCache(t.replica);
    const id = uuidv7();
    cache.save('organizations', id, [entry(id, '2026-03-02T10:00:00.000001Z', 'A', '10'), entry(id, '2026-03-01T10:00:00.000000Z', 'B', '9')], { firstPage: true, now: '2026-03-02T11:00:00.000Z' });
    expect(cache.read('organizations', id, 10).entries.map((e) => e.new_values?.name)).toEqual(['A', 'B']);
    cache.save('organizations', id, [entry(id, '2026-03-03T10:00:00.000000Z', 'C', '11')], { firstPage: true, now: '2026-03-03T11:00:00.000Z' });
    const after = t.reopen() && new HistoryCache(t.replica).read('organizations', id, 10);
    expect(after).toEqual({ entries: [expect.objectContaining({ new_values: { name: 'C' } })], saved_at: '2026-03-03T11:00:00.000Z', next_cursor: null });
    expect(new HistoryCache(t.replica).read('organizations', uuidv7(), 10)).toEqual({ entries: [], saved_at: null, next_cursor: null });
  });

  it('reads older saved pages by cursor, as the server pages', () => {
    t = openTempReplica();
    const cache = new HistoryCache(t.replica);
    const id = uuidv7();
    const days = ['05', '04', '03', '02', '01'];
    cache.save('organizations', id, days.map((d, i) => entry(id, `2026-03-${d}T10:00:00.000000Z`, d, String(10 - i))), { firstPage: true, now: '2026-03-05T11:00:00.000Z' });
    const first = cache.read('organizations', id, 2);
    expect(first.entries.map((e) => e.new_values?.name)).toEqual(['05', '04']);
    const second = cache.read('organizations', id, 2, first.next_cursor!);
    expect(second.entries.map((e) => e.new_values?.name)).toEqual(['03', '02']);
    const last = cache.read('organizations', id, 2, second.next_cursor!);
    expect(last).toMatchObject({ entries: [expect.objectContaining({ new_values: { name: '01' } })], next_cursor: null });
  });

  it('drops the histories of records not looked at for 90 days', () => {
    t = openTempReplica();
    const cache = new HistoryCache(t.replica);
    const old = uuidv7();
    const fresh = uuidv7();
    cache.save('organizations', old, [entry(old, '2026-01-01T00:00:00.000000Z', 'old', '1')], { firstPage: true, now: '2026-01-01T00:00:00.000Z' });
    cache.save('organizations', fresh, [entry(fresh, '2026-05-01T00:00:00.000000Z', 'fresh', '2')], { firstPage: true, now: '2026-05-01T00:00:00.000Z' });
    expect(cache.read('organizations', old, 10)).toEqual({ entries: [], saved_at: null, next_cursor: null });
    expect(cache.read('organizations', fresh, 10).entries).toHaveLength(1);
  });
});

describe("this device's own changes", () => {
  it('outlive the outbox, unless the saved history has their transaction, and vanish when refused', () => {
    const clock = testClock();
    t = openTempReplica({ clock: clock.clock });
    const r = t.replica;
    const id = uuidv7();
    const [created] = r.outbox.enqueue([{ table: 'organizations', op: 'insert', row_id: id, workspace_id: WS, changes: { id, workspace_id: WS, name: 'Mine' } }]);
    const [renamed] = r.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { name: 'Mine 2' } }]);
    const [refused] = r.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { name: 'Taken Name' } }]);
    const cache = new HistoryCache(r);
    // All three still in the outbox: the page lists them as pending already.
    expect(cache.ownChangesBeyond('organizations', id, [], null)).toEqual([]);

    r.outbox.markSent([created!.mutation_id, renamed!.mutation_id, refused!.mutation_id]);
    r.outbox.recordResults([
      { mutation_id: created!.mutation_id, status: 'applied', txid: '700' },
      { mutation_id: renamed!.mutation_id, status: 'applied', txid: '701' },
      { mutation_id: refused!.mutation_id, status: 'rejected', code: 'conflict', message: 'that name is taken' },
    ]);
    r.outbox.confirmTxids('organizations', new Set(['700', '701']));
    const mine = cache.ownChangesBeyond('organizations', id, [], null);
    expect(mine.map((c) => [c.op, c.changes?.name, c.txid])).toEqual([['update', 'Mine 2', '701'], ['insert', 'Mine', '700']]);
    // The refused change is listed as refused by the outbox; it is no change of "yours" that happened.
    expect(r.prepare('SELECT count(*) AS n FROM own_changes WHERE mutation_id = ?').get(refused!.mutation_id)).toEqual({ n: 0 });

    // The saved copy already has the insert's transaction (xid8 4294967296 + 700 is 32-bit xid 700).
    const saved = [entry(id, '2026-03-02T10:00:00.000000Z', 'Mine', String(2n ** 32n + 700n))];
    expect(cache.ownChangesBeyond('organizations', id, saved, null).map((c) => c.txid)).toEqual(['701']);
    // A copy fetched after both were confirmed has them both.
    expect(cache.ownChangesBeyond('organizations', id, [], '9999-01-01T00:00:00.000Z')).toEqual([]);
    const confirmedAt = (r.prepare('SELECT max(confirmed_at) AS at FROM own_changes').get() as { at: string }).at;
    expect(cache.ownChangesBeyond('organizations', id, [], new Date(Date.parse(confirmedAt) - 60_000).toISOString())).toHaveLength(2);
  });

  it('are forgotten when discarded before the server saw them', () => {
    t = openTempReplica();
    const id = uuidv7();
    const [e] = t.replica.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { name: 'Never sent' } }]);
    t.replica.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(e!.mutation_id);
    expect(t.replica.prepare('SELECT count(*) AS n FROM own_changes').get()).toEqual({ n: 0 });
  });

  it('are kept 30 days by the device clock', () => {
    const clock = testClock('2026-03-01T00:00:00.000Z');
    t = openTempReplica({ clock: clock.clock });
    const id = uuidv7();
    t.replica.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { name: 'March' } }]);
    clock.set('2026-04-15T00:00:00.000Z');
    t.replica.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { name: 'April' } }]);
    const kept = t.replica.prepare('SELECT changes FROM own_changes ORDER BY created_at').all();
    expect(kept).toEqual([{ changes: '{"name":"April"}' }]);
  });
});

describe('upgrading a replica of the previous release', () => {
  it('drops the replicated audit_log and its shape state, and adds the history tables', () => {
    t = openTempReplica();
    const db = t.replica.db;
    // What a release that replicated audit_log left: its tables, view, shape position; local migration 3.
    db.exec(`
      DROP TABLE history_cache; DROP TABLE history_fetches; DROP TABLE own_changes;
      DROP TRIGGER outbox_keeps_own_change; DROP TRIGGER outbox_txid_to_own_change; DROP TRIGGER outbox_refusal_forgets_own_change; DROP TRIGGER outbox_confirmation_dates_own_change;
      DROP TABLE catch_up_changes; DROP TABLE link_facts; DROP TABLE link_fact_counts;
      DELETE FROM local_migrations WHERE version >= 4;
      CREATE TABLE audit_log_synced (id TEXT, occurred_at TEXT, record_id TEXT, PRIMARY KEY (id, occurred_at));
      CREATE VIEW audit_log AS SELECT *, 0 AS _pending FROM audit_log_synced;
      INSERT INTO audit_log_synced VALUES ('a1', '2026-03-01T00:00:00.000000Z', 'r1');
      INSERT INTO replica_tables (table_name, fingerprint) VALUES ('audit_log', 'id+occurred_at|old');
      INSERT INTO shape_state (table_name, handle, "offset", up_to_date_at, rows_applied, updated_at)
        VALUES ('audit_log', 'h', '10_0', NULL, 163718, 'x');
    `);
    const r = t.reopen();
    const names = (r.prepare(`SELECT name FROM sqlite_master WHERE name LIKE 'audit_log%' OR name IN ('history_cache', 'own_changes')`).all() as { name: string }[]).map((x) => x.name);
    expect(names.sort()).toEqual(['history_cache', 'own_changes']);
    expect(r.prepare(`SELECT count(*) AS n FROM shape_state WHERE table_name = 'audit_log'`).get()).toEqual({ n: 0 });
    expect(r.prepare(`SELECT count(*) AS n FROM replica_tables WHERE table_name = 'audit_log'`).get()).toEqual({ n: 0 });
  });
});
