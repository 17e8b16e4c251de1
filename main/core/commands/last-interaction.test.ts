/**
 * last_interaction_at is the server's (a trigger keeps it), but a rep who logs
 * a call expects "last interaction" to move at once, and a local workspace
 * never hears from a server: the replica predicts it from local interactions
 * with the server's formula until the server's own value arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import type { TableName } from '../../../sync/schema/index.ts';
import { withTextTimestamps } from '../../../sync/client/testing/stored-rows.ts';

let core: TestCore;
afterEach(() => core.cleanup());

/** A stored row with its timestamps as text (stored as integer microseconds). */
const getRow = (table: TableName, id: string) =>
  withTextTimestamps(table, core.t.replica.getRow(table, id));
const lastOf = (table: 'organizations' | 'contacts' | 'opportunities', id: string) =>
  getRow(table, id)!.last_interaction_at;

function open(sync: boolean): Graph {
  core = openTestCore();
  return seedGraph(core, { sync });
}

describe('predicted last_interaction_at', () => {
  it('moves on a quick log for the organization, contact and opportunity it is about', () => {
    const g = open(true);
    const before = lastOf('organizations', g.customer);
    core.clock.advance(60_000);
    const { id } = c.logInteraction(core.ctx, {
      interaction_type: 'Meeting',
      contact_id: g.contact,
      opportunity_id: g.opportunity,
      notes: 'Tasting with the chef',
    });
    const at = getRow('interactions', id)!.interaction_date as string;
    expect(at > String(before)).toBe(true);
    expect(lastOf('organizations', g.customer)).toBe(at);
    expect(lastOf('contacts', g.contact)).toBe(at);
    expect(lastOf('opportunities', g.opportunity)).toBe(at);
    // Nothing about the prediction is sent: the column is the server's.
    expect(core.t.replica.outbox.entries().map((e) => e.table)).toEqual(['interactions']);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('falls back to the latest remaining interaction when the newest is deleted, and follows a moved interaction', () => {
    const g = open(true);
    const earlier = lastOf('contacts', g.contact);
    core.clock.advance(60_000);
    const { id } = c.logInteraction(core.ctx, { interaction_type: 'Email', contact_id: g.contact });
    expect(lastOf('contacts', g.contact)).not.toBe(earlier);
    c.deleteInteraction(core.ctx, { id });
    expect(lastOf('contacts', g.contact)).toBe(earlier);
    c.restoreInteraction(core.ctx, { id });
    const at = getRow('interactions', id)!.interaction_date;
    expect(lastOf('contacts', g.contact)).toBe(at);
    // Re-pointed at another organization: the old one loses it, the new one gains it.
    c.updateInteraction(core.ctx, { id, contact_id: null, organization_id: g.customer2 });
    expect(lastOf('contacts', g.contact)).toBe(earlier);
    expect(lastOf('organizations', g.customer2)).toBe(at);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it("gives way to the server's value once the interaction is confirmed", () => {
    const g = open(true);
    core.clock.advance(60_000);
    c.logInteraction(core.ctx, { interaction_type: 'Email', organization_id: g.customer2 });
    const predicted = lastOf('organizations', g.customer2);
    core.syncAll(); // the interaction's entry leaves the outbox
    const serverRow = { ...getRow('organizations', g.customer2)! };
    delete serverRow._pending;
    core.t.replica.fromServer.applyChanges('organizations', [
      { op: 'update', row: { ...serverRow, last_interaction_at: '2026-03-02T10:01:00.000000Z' } },
    ]);
    const shown = getRow('organizations', g.customer2)!;
    expect(predicted).toBe('2026-03-02T10:01:00.000000Z');
    expect(shown).toMatchObject({
      last_interaction_at: '2026-03-02T10:01:00.000000Z',
      _pending: 0,
    });
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('follows a burst of quick logs committed together, and their confirmation in one batch', () => {
    const g = open(true);
    const newest: Record<string, string> = {};
    core.t.replica.transaction(() => {
      for (let i = 0; i < 40; i++) {
        core.clock.advance(60_000);
        const about = i % 2 === 0 ? { contact_id: g.contact } : { organization_id: g.customer2 };
        const { id } = c.logInteraction(core.ctx, { interaction_type: 'Phone Call', ...about });
        newest[i % 2 === 0 ? 'contact' : 'customer2'] = getRow('interactions', id)!
          .interaction_date as string;
      }
    });
    expect(lastOf('contacts', g.contact)).toBe(newest.contact);
    expect(lastOf('organizations', g.customer2)).toBe(newest.customer2);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
    // The parents' lookups over the overlay use its index, not a scan of every pending interaction.
    const plan = core.t.replica
      .prepare('EXPLAIN QUERY PLAN SELECT 1 FROM interactions_local WHERE contact_id = ? LIMIT 1')
      .all('x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX ix_interactions_local_contact_/);
    core.syncAll(); // 40 answers, then 40 rows with their txids, each in one transaction
    expect(core.t.replica.outbox.entries()).toEqual([]);
    // No interaction left in the overlay: the parents show the server's rows (this test server adds no value of its own).
    expect(core.t.replica.prepare('SELECT count(*) AS n FROM contacts_local').get()).toEqual({ n: 0 });
    expect(getRow('contacts', g.contact)!._pending).toBe(0);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('keeps predictions and search when pushed quick logs come back on the stream before their answer', () => {
    const g = open(true);
    const r = core.t.replica;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      core.clock.advance(60_000);
      ids.push(c.logInteraction(core.ctx, { interaction_type: 'Phone Call', contact_id: g.contact, notes: `marjoram tasting ${i}` }).id);
    }
    const predicted = lastOf('contacts', g.contact);
    const sent = r.outbox.nextBatch();
    r.outbox.markSent(sent.map((m) => m.mutation_id));
    // The server's rows arrive while the entries are still `sent` (no answer yet): the overlays
    // stay (rebased onto them), and so do the contact's prediction and the search documents.
    const rows = ids.map((id) => {
      const { _pending, ...row } = r.getRow('interactions', id)!;
      void _pending;
      return { op: 'insert' as const, row: { ...row, updated_at: '2026-03-02T11:00:00.000000Z' }, txids: ['77'] };
    });
    r.fromServer.applyChanges('interactions', rows);
    expect(r.outbox.counts().sent).toBe(3);
    expect(lastOf('contacts', g.contact)).toBe(predicted);
    expect(c.search(core.ctx, { q: 'marjoram' }).map((h) => h.id).sort()).toEqual([...ids].sort());
    expect(r.checkIntegrity()).toEqual([]);
    // The answer finds the txid seen: the entries leave, and the overlays with them.
    r.outbox.recordResults(sent.map((m) => ({ mutation_id: m.mutation_id, status: 'applied' as const, txid: '77' })));
    expect(r.outbox.entries()).toEqual([]);
    expect(r.prepare('SELECT count(*) AS n FROM interactions_local').get()).toEqual({ n: 0 });
    expect(c.search(core.ctx, { q: 'marjoram' }).map((h) => h.id).sort()).toEqual([...ids].sort());
    expect(r.checkIntegrity()).toEqual([]);
  });

  it('works in a local workspace that never syncs', () => {
    const g = open(false);
    const interaction = getRow('interactions', g.plainInteraction)!;
    expect(lastOf('organizations', g.customer2)).toBe(interaction.interaction_date);
    expect(lastOf('organizations', g.principal)).toBeNull();
    const list = c.organizationList.run(core.ctx, { sort: 'last_interaction_at', dir: 'desc' });
    expect(list.rows[0]).toMatchObject({ id: g.customer2 });
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });
});
