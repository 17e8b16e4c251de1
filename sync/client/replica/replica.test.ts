import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, testClock, type TempReplica } from '../testing/temp-replica.ts';
import { withTextTimestamps } from '../testing/stored-rows.ts';
import { uuidv7 } from './uuidv7.ts';
import { LATEST_LOCAL_VERSION, MIGRATIONS } from './migrations.ts';
import { APPLIED_GRACE_MS } from './server-apply.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';

function serverOrg(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    workspace_id: WS,
    name: 'Saucy Foods',
    is_principal: true,
    is_distributor: false,
    segment: null,
    phone: '555-0100',
    email: null,
    website: null,
    address_line: null,
    city: 'Austin',
    region: null,
    postal_code: null,
    country: null,
    notes: null,
    account_manager_id: null,
    last_interaction_at: null,
    created_at: '2026-03-01 09:00:00.123456+00',
    updated_at: '2026-03-01 09:00:00.123456+00',
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
    ...over,
  };
}

let t: TempReplica;
afterEach(() => t?.cleanup());

describe('replica file', () => {
  it('creates the local schema once, records migrations, and reopens without change', () => {
    t = openTempReplica();
    const versions = t.replica.prepare('SELECT version FROM local_migrations').all();
    // Every step listed, in order (the numbers may skip one another branch holds).
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(MIGRATIONS.at(-1)!.version).toBe(LATEST_LOCAL_VERSION);
    expect(t.replica.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.replica.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(t.replica.db.pragma('foreign_keys', { simple: true })).toBe(0);
    const r = t.reopen();
    expect(r.tablesToRefetch).toEqual([]);
    expect(r.db.prepare('SELECT count(*) AS n FROM local_migrations').get()).toEqual({
      n: MIGRATIONS.length,
    });
  });

  it('upgrades a file of the first release: the shape state gains its snapshot column', () => {
    t = openTempReplica();
    t.replica.db.exec(
      `ALTER TABLE shape_state DROP COLUMN snapshot; DROP TABLE search_names;
       DROP TABLE history_cache; DROP TABLE history_fetches; DROP TABLE own_changes;
       DROP TRIGGER outbox_keeps_own_change; DROP TRIGGER outbox_txid_to_own_change; DROP TRIGGER outbox_refusal_forgets_own_change; DROP TRIGGER outbox_confirmation_dates_own_change;
       DROP TABLE catch_up_changes; DROP TABLE link_facts; DROP TABLE link_fact_counts;
       DELETE FROM local_migrations WHERE version >= 2`,
    );
    t.replica
      .prepare(
        `INSERT INTO shape_state (table_name, handle, "offset", up_to_date_at, rows_applied, updated_at) VALUES ('organizations', 'h', '0_0', NULL, 0, 'x')`,
      )
      .run();
    const r = t.reopen();
    expect(r.fromServer.shapeState('organizations')).toMatchObject({ handle: 'h', snapshot: null });
    expect(r.db.prepare('SELECT max(version) AS v FROM local_migrations').get()).toEqual({
      v: LATEST_LOCAL_VERSION,
    });
  });

  it('refuses a file written by a newer app', () => {
    t = openTempReplica();
    t.replica.prepare(`INSERT INTO local_migrations VALUES (999, 'future', 'x')`).run();
    expect(() => t.reopen()).toThrow(/newer than this app/);
    t.replica.close();
    t.cleanup = () => {};
  });

  it('adds a new replicated column on open and asks for that table to be fetched again', () => {
    t = openTempReplica();
    const r = t.replica;
    r.fromServer.saveShape('organizations', { handle: 'h', offset: '0_0' }, { upToDate: true });
    // Simulate a file built from an older sync/schema: no `email` column, an old fingerprint.
    r.db
      .exec(`DROP VIEW organizations; ALTER TABLE organizations_synced DROP COLUMN email; ALTER TABLE organizations_local DROP COLUMN email;
               UPDATE replica_tables SET fingerprint = 'old' WHERE table_name = 'organizations'`);
    const again = t.reopen();
    expect(again.tablesToRefetch).toEqual(['organizations']);
    expect(again.fromServer.shapeState('organizations')).toBeUndefined();
    expect(again.db.prepare('SELECT email FROM organizations').all()).toEqual([]);
  });

  it('stores timestamps in one canonical UTC form', () => {
    t = openTempReplica();
    const id = uuidv7();
    t.replica.fromServer.applyChanges('organizations', [
      {
        op: 'insert',
        row: serverOrg(id, {
          deleted_at: new Date('2026-03-01T10:00:00.5Z'),
          updated_at: '2026-03-01T11:00:00+02:00',
        }),
      },
    ]);
    expect(
      withTextTimestamps('organizations', t.replica.getRow('organizations', id)),
    ).toMatchObject({
      created_at: '2026-03-01T09:00:00.123456Z',
      updated_at: '2026-03-01T09:00:00.000000Z',
      deleted_at: '2026-03-01T10:00:00.500000Z',
      is_principal: 1,
      _pending: 0,
    });
  });
});

describe('pending local changes over server rows', () => {
  function setup() {
    const clock = testClock();
    t = openTempReplica({ actorId: USER, clock: clock.clock });
    const id = uuidv7();
    t.replica.fromServer.applyChanges('organizations', [{ op: 'insert', row: serverOrg(id) }], {
      shape: { handle: 'h1', offset: '10_0' },
      upToDate: true,
    });
    return { r: t.replica, id, clock };
  }

  it('shows the pending edit over the synced row, and server changes to other fields through it', () => {
    const { r, id } = setup();
    const [entry] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { name: 'Saucy Foods Inc' } },
    ]);
    expect(r.getRow('organizations', id)).toMatchObject({
      name: 'Saucy Foods Inc',
      phone: '555-0100',
      _pending: 1,
    });
    // Another user changes the phone and (concurrently) the name: the phone shows, our name stays on top.
    r.fromServer.applyChanges('organizations', [
      {
        op: 'update',
        row: {
          id,
          phone: '555-0199',
          name: 'Saucy (server)',
          updated_at: '2026-03-02 10:00:01+00',
        },
        txids: [900],
      },
    ]);
    expect(r.getRow('organizations', id)).toMatchObject({
      name: 'Saucy Foods Inc',
      phone: '555-0199',
      _pending: 1,
    });
    expect(r.outbox.entries().map((e) => e.mutation_id)).toEqual([entry!.mutation_id]);
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('drops the mutation and its overlay when the stream delivers its transaction id', () => {
    const { r, id } = setup();
    const [e] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { name: 'Renamed' } },
    ]);
    const batch = r.outbox.nextBatch();
    expect(batch).toEqual([
      {
        mutation_id: e!.mutation_id,
        table: 'organizations',
        op: 'update',
        row_id: id,
        changes: { name: 'Renamed' },
        created_at: e!.created_at,
      },
    ]);
    r.outbox.markSent([e!.mutation_id]);
    r.outbox.recordResults([{ mutation_id: e!.mutation_id, status: 'applied', txid: '1234' }]);
    expect(r.outbox.entries()[0]).toMatchObject({ status: 'applied', txid: '1234' });
    expect(r.getRow('organizations', id)).toMatchObject({ name: 'Renamed', _pending: 1 });
    // A different transaction arriving first changes nothing for us.
    r.fromServer.applyChanges('organizations', [
      { op: 'update', row: { id, city: 'Dallas' }, txids: [1233] },
    ]);
    expect(r.getRow('organizations', id)).toMatchObject({
      name: 'Renamed',
      city: 'Dallas',
      _pending: 1,
    });
    const report = r.fromServer.applyChanges('organizations', [
      { op: 'update', row: { id, name: 'Renamed' }, txids: [1234] },
    ]);
    expect(report.confirmed).toEqual([e!.mutation_id]);
    expect(r.outbox.entries()).toEqual([]);
    expect(r.getRow('organizations', id)).toMatchObject({
      name: 'Renamed',
      city: 'Dallas',
      _pending: 0,
    });
    expect(r.db.prepare('SELECT count(*) AS n FROM organizations_local').get()).toEqual({ n: 0 });
  });

  it('drops at once an applied answer the server says changed nothing (no change will come)', () => {
    const { r, id } = setup();
    const [e] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { city: 'Waco' } },
    ]);
    r.outbox.markSent([e!.mutation_id]);
    const res = r.outbox.recordResults([
      { mutation_id: e!.mutation_id, status: 'applied', txid: '78', unchanged: true },
    ]);
    expect(res).toEqual({ applied: 1, rejected: 0, dropped: 1 });
    expect(r.outbox.entries()).toEqual([]);
    expect(r.getRow('organizations', id)).toMatchObject({ _pending: 0 });
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('drops at once an applied answer whose transaction id the stream already delivered', () => {
    const { r, id } = setup();
    const [e] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { city: 'Waco' } },
    ]);
    r.outbox.markSent([e!.mutation_id]);
    r.fromServer.applyChanges('organizations', [
      { op: 'update', row: { id, city: 'Waco' }, txids: ['77'] },
    ]);
    expect(r.outbox.entries()[0]!.status).toBe('sent');
    const res = r.outbox.recordResults([
      { mutation_id: e!.mutation_id, status: 'applied', txid: '77' },
    ]);
    expect(res).toEqual({ applied: 1, rejected: 0, dropped: 1 });
    expect(r.outbox.entries()).toEqual([]);
    expect(r.getRow('organizations', id)).toMatchObject({ city: 'Waco', _pending: 0 });
  });

  it('drops an applied mutation whose txid never comes, at an up-to-date boundary after the grace period', () => {
    const { r, id, clock } = setup();
    const [e] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { city: 'Austin' } },
    ]);
    r.outbox.recordResults([{ mutation_id: e!.mutation_id, status: 'applied', txid: '555' }]);
    clock.advance(5_000);
    r.fromServer.applyChanges('organizations', [], {
      shape: { handle: 'h1', offset: '11_0' },
      upToDate: true,
    });
    expect(r.outbox.entries()).toHaveLength(1);
    clock.advance(APPLIED_GRACE_MS);
    // Meanwhile another user moved the record to Dallas: once the stale entry goes, that shows.
    const report = r.fromServer.applyChanges(
      'organizations',
      [{ op: 'update', row: { id, city: 'Dallas' }, txids: [556] }],
      {
        shape: { handle: 'h1', offset: '12_0' },
        upToDate: true,
      },
    );
    expect(report.confirmed).toEqual([e!.mutation_id]);
    expect(r.getRow('organizations', id)).toMatchObject({ city: 'Dallas', _pending: 0 });
  });

  it('puts a rejected row back to the server state and keeps the mutation listed for retry or discard', () => {
    const { r, id } = setup();
    const [e] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { name: 'Nope' } },
    ]);
    r.outbox.markSent([e!.mutation_id]);
    r.outbox.recordResults([
      {
        mutation_id: e!.mutation_id,
        status: 'rejected',
        code: 'forbidden',
        message: 'viewers cannot write',
      },
    ]);
    expect(r.getRow('organizations', id)).toMatchObject({ name: 'Saucy Foods', _pending: 0 });
    const rejected = r.outbox.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      changes: { name: 'Nope' },
      rejection: { code: 'forbidden', message: 'viewers cannot write', field: null },
    });
    expect(r.outbox.nextBatch()).toEqual([]);

    const retried = r.outbox.retry(e!.mutation_id, { name: 'Saucy Foods LLC' });
    expect(retried.mutation_id).not.toBe(e!.mutation_id);
    expect(retried.status).toBe('pending');
    expect(r.getRow('organizations', id)).toMatchObject({ name: 'Saucy Foods LLC', _pending: 1 });
    r.outbox.recordResults([
      { mutation_id: retried.mutation_id, status: 'rejected', code: 'conflict', message: 'again' },
    ]);
    r.outbox.discard(retried.mutation_id);
    expect(r.outbox.entries()).toEqual([]);
    expect(r.getRow('organizations', id)).toMatchObject({ name: 'Saucy Foods', _pending: 0 });
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('keeps pending edits through a must-refetch replace, and drops mutations the snapshot already holds', () => {
    const { r, id, clock } = setup();
    const other = uuidv7();
    const [applied] = r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { segment: 'Retail' } },
    ]);
    r.outbox.recordResults([{ mutation_id: applied!.mutation_id, status: 'applied', txid: '50' }]);
    clock.advance(1000);
    const requestedAt = r.nowIso();
    r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { notes: 'call back Tuesday' } },
    ]);
    const newId = uuidv7();
    r.outbox.enqueue([
      {
        table: 'organizations',
        op: 'insert',
        row_id: newId,
        workspace_id: WS,
        changes: { name: 'Offline Co' },
      },
    ]);
    r.fromServer.replaceRows(
      'organizations',
      [
        serverOrg(id, { segment: 'Retail', name: 'Saucy (new snapshot)' }),
        serverOrg(other, { name: 'Other' }),
      ],
      {
        shape: { handle: 'h2', offset: '0_0' },
        requestedAt,
      },
    );
    expect(r.getRow('organizations', id)).toMatchObject({
      name: 'Saucy (new snapshot)',
      segment: 'Retail',
      notes: 'call back Tuesday',
      _pending: 1,
    });
    expect(r.getRow('organizations', newId)).toMatchObject({
      name: 'Offline Co',
      is_principal: 0,
      _pending: 1,
    });
    expect(r.getRow('organizations', other)).toMatchObject({ name: 'Other', _pending: 0 });
    expect(r.outbox.entries().map((e) => e.status)).toEqual(['pending', 'pending']);
    expect(r.fromServer.shapeState('organizations')).toMatchObject({
      handle: 'h2',
      offset: '0_0',
      rows_applied: 2,
    });
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('shows nothing for pending updates of a record the server removed, and the row again if it returns', () => {
    const { r, id } = setup();
    r.outbox.enqueue([
      { table: 'organizations', op: 'update', row_id: id, changes: { city: 'Houston' } },
    ]);
    r.fromServer.applyChanges('organizations', [{ op: 'delete', row: { id } }]);
    expect(r.getRow('organizations', id)).toBeUndefined();
    r.fromServer.applyChanges('organizations', [{ op: 'insert', row: serverOrg(id) }]);
    expect(r.getRow('organizations', id)).toMatchObject({ city: 'Houston', _pending: 1 });
  });

  it('predicts the stamps and stage time the server will set, and soft deletes and restores', () => {
    const { r, clock } = setup();
    const opp = uuidv7();
    const org = uuidv7();
    r.outbox.enqueue([
      {
        table: 'opportunities',
        op: 'insert',
        row_id: opp,
        workspace_id: WS,
        changes: { name: 'Trial', organization_id: org },
      },
    ]);
    expect(withTextTimestamps('opportunities', r.getRow('opportunities', opp))).toMatchObject({
      stage: 'New Lead',
      stage_changed_at: '2026-03-02T10:00:00.000000Z',
      created_by: USER,
      deleted_at: null,
    });
    clock.advance(60_000);
    r.outbox.enqueue([
      { table: 'opportunities', op: 'update', row_id: opp, changes: { stage: 'Demo Scheduled' } },
    ]);
    r.outbox.enqueue([{ table: 'opportunities', op: 'delete', row_id: opp }]);
    expect(withTextTimestamps('opportunities', r.getRow('opportunities', opp))).toMatchObject({
      stage: 'Demo Scheduled',
      stage_changed_at: '2026-03-02T10:01:00.000000Z',
      deleted_at: '2026-03-02T10:01:00.000000Z',
    });
    r.outbox.enqueue([{ table: 'opportunities', op: 'restore', row_id: opp }]);
    expect(r.getRow('opportunities', opp)).toMatchObject({ deleted_at: null });
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('refuses an outbox entry the server would refuse for its shape, writing nothing', () => {
    const { r, id } = setup();
    expect(() =>
      r.outbox.enqueue([
        { table: 'organizations', op: 'update', row_id: id, changes: { city: 'Ok' } },
        {
          table: 'organizations',
          op: 'update',
          row_id: id,
          changes: { last_interaction_at: '2026-01-01T00:00:00Z' },
        },
      ]),
    ).toThrow();
    expect(r.outbox.entries()).toEqual([]);
    expect(r.getRow('organizations', id)).toMatchObject({ city: 'Austin', _pending: 0 });
  });

  it('tells listeners once per committed transaction, with the tables and sources', () => {
    const { r, id } = setup();
    const events: string[] = [];
    r.onCommit((e) =>
      events.push(`${[...e.tables].sort().join('+')}:${[...e.sources].sort().join('+')}`),
    );
    r.transaction(() => {
      r.outbox.enqueue([
        { table: 'organizations', op: 'update', row_id: id, changes: { city: 'A' } },
      ]);
      r.outbox.enqueue([
        {
          table: 'contacts',
          op: 'insert',
          row_id: uuidv7(),
          workspace_id: WS,
          changes: { last_name: 'Chef' },
        },
      ]);
    });
    expect(() =>
      r.transaction(() => {
        r.outbox.enqueue([
          { table: 'organizations', op: 'update', row_id: id, changes: { city: 'B' } },
        ]);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    r.fromServer.applyChanges('products', []);
    r.fromServer.applyChanges('organizations', [{ op: 'update', row: { id, phone: '555-0000' } }]);
    expect(events).toEqual(['contacts+organizations+outbox:local', 'organizations:server']);
    expect(r.getRow('organizations', id)).toMatchObject({ city: 'A' });
  });
});
