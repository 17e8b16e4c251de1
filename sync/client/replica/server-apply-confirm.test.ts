/**
 * A change that arrives with the transaction id of an answered mutation drops
 * that mutation and rebases its record once, in the same apply (issue 13: a
 * record was rebased onto its new synced row with the entry still in play, then
 * again when the entry was dropped). What the user sees must be the same.
 */
import { afterEach, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { withTextTimestamps } from '../testing/stored-rows.ts';
import { uuidv7 } from './uuidv7.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';
const at = '2026-03-01 09:00:00.123456+00';

function serverOrg(id: string, name: string) {
  return {
    id, workspace_id: WS, name, is_principal: false, is_distributor: false, segment: null, phone: null,
    email: null, website: null, address_line: null, city: 'Austin', region: null, postal_code: null,
    country: null, notes: null, account_manager_id: null, last_interaction_at: null,
    created_at: at, updated_at: at, created_by: USER, updated_by: USER, deleted_at: null,
  };
}

let t: TempReplica;
afterEach(() => t?.cleanup());

const searchDocs = (r: TempReplica['replica'], id: string) =>
  r.prepare('SELECT count(*) AS n FROM search_docs WHERE row_id = ?').get(id) as { n: number };

it('drops every entry of the confirming transaction and rebases each record once, its row in this apply or not', () => {
  t = openTempReplica({ actorId: USER });
  const r = t.replica;
  const [a, b] = [uuidv7(), uuidv7()];
  const entries = r.outbox.enqueue([
    { table: 'organizations', op: 'insert', row_id: a, workspace_id: WS, changes: { name: 'Amber Mills', city: 'Austin' } },
    { table: 'organizations', op: 'insert', row_id: b, workspace_id: WS, changes: { name: 'Birch Bakery', city: 'Austin' } },
  ]);
  r.outbox.markSent(entries.map((e) => e.mutation_id));
  // One server transaction (a group of the batch) applied both: one txid.
  r.outbox.recordResults(entries.map((e) => ({ mutation_id: e.mutation_id, status: 'applied' as const, txid: '900' })));
  // A's row comes first without the txid (its change message carried none here), B's with it.
  r.fromServer.applyChanges('organizations', [{ op: 'insert', row: serverOrg(a, 'Amber Mills') }]);
  expect(r.getRow('organizations', a)).toMatchObject({ name: 'Amber Mills', _pending: 1 });
  const report = r.fromServer.applyChanges('organizations', [
    { op: 'insert', row: serverOrg(b, 'Birch Bakery'), txids: ['900'] },
  ]);

  expect(report.confirmed.sort()).toEqual(entries.map((e) => e.mutation_id).sort());
  expect(r.outbox.entries()).toEqual([]);
  // Both overlays gone: A (its row came earlier) as well as B; the server's rows show.
  expect(r.prepare('SELECT count(*) AS n FROM organizations_local').get()).toEqual({ n: 0 });
  expect(withTextTimestamps('organizations', r.getRow('organizations', a))).toMatchObject({ name: 'Amber Mills', created_at: expect.stringMatching(/^2026-03-01T09:00:00/), _pending: 0 });
  expect(r.getRow('organizations', b)).toMatchObject({ name: 'Birch Bakery', _pending: 0 });
  expect(searchDocs(r, a)).toEqual({ n: 1 });
  expect(searchDocs(r, b)).toEqual({ n: 1 });
  expect(r.checkIntegrity()).toEqual([]);
});

it('keeps a later pending edit on top of the row that confirms the earlier one', () => {
  t = openTempReplica({ actorId: USER });
  const r = t.replica;
  const id = uuidv7();
  const [create] = r.outbox.enqueue([
    { table: 'organizations', op: 'insert', row_id: id, workspace_id: WS, changes: { name: 'Cedar Co', city: 'Austin' } },
  ]);
  r.outbox.markSent([create!.mutation_id]);
  r.outbox.recordResults([{ mutation_id: create!.mutation_id, status: 'applied', txid: '901' }]);
  r.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: id, changes: { city: 'Dallas' } }]);

  r.fromServer.applyChanges('organizations', [{ op: 'insert', row: serverOrg(id, 'Cedar Co'), txids: ['901'] }]);

  expect(r.outbox.entries().map((e) => e.op)).toEqual(['update']);
  expect(r.getRow('organizations', id)).toMatchObject({ name: 'Cedar Co', city: 'Dallas', _pending: 1 });
  expect(r.checkIntegrity()).toEqual([]);
});
