import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { LiveQueries } from './live-queries.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
let g: Graph;
let live: LiveQueries;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
  live = new LiveQueries(core.ctx);
});
afterEach(() => {
  live.close();
  core.cleanup();
});

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('live queries', () => {
  it('re-runs a query once after commits to tables it reads, and only then', async () => {
    const results: number[] = [];
    const stop = live.subscribe(c.contactList.query, {}, (page) => results.push(page.rows.length));
    expect(results).toEqual([1]);

    c.createContact(core.ctx, { last_name: 'One' });
    c.createContact(core.ctx, { last_name: 'Two' });
    expect(results).toEqual([1]); // debounced to a microtask
    await tick();
    expect(results).toEqual([1, 3]);

    c.createProduct(core.ctx, { principal_id: g.principal, name: 'Not read by the contact list' });
    await tick();
    expect(results).toEqual([1, 3]);

    // A change to a table it reads but with the same result: no call.
    c.updateOrganization(core.ctx, { id: g.principal2, city: 'Reno' });
    await tick();
    expect(results).toEqual([1, 3]);

    // The server's changes count as much as local ones.
    const row = core.t.replica.getRow('contacts', g.contact)!;
    core.t.replica.fromServer.applyChanges('contacts', [{ op: 'delete', row: { id: row.id } }]);
    await tick();
    expect(results).toEqual([1, 3, 2]);

    stop();
    c.createContact(core.ctx, { last_name: 'Three' });
    await tick();
    expect(results).toEqual([1, 3, 2]);
  });

  it('updates the dashboard and the sync queue as the outbox moves', async () => {
    const dash: number[] = [];
    const queue: number[] = [];
    live.subscribe(c.principalDashboardQuery, { today: '2026-03-04' }, (rows) =>
      dash.push(rows.find((r) => r.principal_id === g.principal)!.interactions_count),
    );
    live.subscribe(c.syncQueueQuery, {}, (q) => queue.push(q.unsynced));
    c.logInteraction(core.ctx, { interaction_type: 'Demo/sampled', opportunity_id: g.opportunity });
    await tick();
    core.syncAll();
    await tick();
    expect(dash).toEqual([1, 2]);
    expect(queue).toEqual([0, 1, 0]);
  });

  it('reports a failing re-run and keeps the subscription', async () => {
    const errors: unknown[] = [];
    const seen: string[] = [];
    const id = c.createContact(core.ctx, { last_name: 'Temp' }).id;
    live.subscribe(
      c.recordDetailQuery,
      { table: 'contacts', id },
      (d) => seen.push(String(d.record.last_name)),
      { onError: (e) => errors.push(e) },
    );
    core.t.replica.outbox.discardUnsynced(); // the never-synced contact disappears
    await tick();
    expect(errors).toHaveLength(1);
    expect(seen).toEqual(['Temp']);
  });
});
