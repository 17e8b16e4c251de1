/**
 * The principal dashboard over link_facts and the replicated
 * opportunity_principals: a pending local write (a quick log offline, a
 * product line added offline) moves the cards at once, while the derived
 * table still holds only the server's rows; a rejected write puts the cards
 * back; once the server's rows arrive the table holds them and the cards
 * stay the same; Mine and Team both follow. The counts are also checked
 * against the rule recomputed from the merged views after every step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import { principalLinksSql } from './principal-links.ts';

let core: TestCore;
let g: Graph;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
});
afterEach(() => core.cleanup());

const card = (scope: 'mine' | 'team' = 'team') =>
  c.principalDashboard(core.ctx, { today: '2026-03-04', scope }).find((r) => r.principal_id === g.principal)!;
const factRows = () =>
  (core.t.replica.stmt('SELECT count(*) AS n FROM link_facts WHERE principal_id = @p').get({ p: g.principal }) as { n: number }).n;
/** The principal's live interactions by the one rule over the merged views (what the card must count on Team). */
const byRule = () =>
  (
    core.t.replica
      .stmt(
        `SELECT count(*) AS n FROM (${principalLinksSql('interactions')}) k
         JOIN interactions i ON i.id = k.interaction_id WHERE i.deleted_at IS NULL AND k.principal_id = @p`,
      )
      .get({ ws: core.workspaceId, p: g.principal }) as { n: number }
  ).n;
const rejectAll = () => {
  const outbox = core.t.replica.outbox;
  const batch = outbox.nextBatch();
  outbox.markSent(batch.map((m) => m.mutation_id));
  outbox.recordResults(
    batch.map((m) => ({ mutation_id: m.mutation_id, status: 'rejected' as const, code: 'forbidden', message: 'no' })),
  );
  for (const m of batch) c.discardRejected(core.ctx, { mutation_id: m.mutation_id });
};

describe('principal dashboard over link_facts', () => {
  it('moves at once with a pending quick log, goes back when it is rejected, and keeps the count once synced', () => {
    const before = card();
    expect(before).toMatchObject({ interactions_count: 1, opportunities_count: 1, follow_ups_due_count: 1 });
    expect(factRows()).toBe(1);
    expect(byRule()).toBe(1);

    // Offline: a quick log with the principal, and a follow-up due today.
    c.logInteraction(core.ctx, {
      interaction_type: 'Email',
      organization_id: g.principal,
      follow_up_date: '2026-03-04',
    });
    expect(card()).toMatchObject({ interactions_count: 2, follow_ups_due_count: 2 });
    expect(card('mine')).toMatchObject({ interactions_count: 2 });
    expect(factRows()).toBe(1); // the derived table holds the server's rows only
    expect(byRule()).toBe(2);

    rejectAll();
    expect(card()).toEqual(before);
    expect(byRule()).toBe(1);

    // Again, and this time the server takes it: the table now holds it, the card is unchanged.
    c.logInteraction(core.ctx, { interaction_type: 'Email', organization_id: g.principal });
    // (The organization's own last_interaction_at is the server's column: the test server does not keep it.)
    const { last_interaction_at: _predicted, ...pending } = card();
    core.syncAll();
    expect(factRows()).toBe(2);
    expect(card()).toMatchObject(pending);
    expect(card().interactions_count).toBe(byRule());
  });

  it('counts an opportunity at once when a product line is added offline, and drops it on rejection', () => {
    const before = card();
    const other = c.createOpportunity(core.ctx, { name: 'Second deal', organization_id: g.customer }).id;
    c.addOpportunityProduct(core.ctx, { opportunity_id: other, product_id: g.product });
    expect(card().opportunities_count).toBe(2);
    expect(card('mine').opportunities_count).toBe(2); // I own what I create here
    rejectAll();
    expect(card()).toEqual(before);
    c.addOpportunityProduct(core.ctx, {
      opportunity_id: c.createOpportunity(core.ctx, { name: 'Third deal', organization_id: g.customer }).id,
      product_id: g.product,
    });
    core.syncAll();
    expect(card().opportunities_count).toBe(2);
    expect(
      core.t.replica
        .prepare(`SELECT count(*) AS n FROM opportunity_principals_synced WHERE principal_id = ? AND deleted_at IS NULL`)
        .get(g.principal),
    ).toEqual({ n: 2 });
  });

  it('on Mine leaves out what a teammate logged once the server says so', () => {
    const teammate = '0193a8c4-6b1e-7c3a-9f00-0000000000cc';
    c.logInteraction(core.ctx, { interaction_type: 'Email', organization_id: g.principal });
    core.syncAll();
    const [row] = core.t.replica
      .prepare(`SELECT id FROM interactions_synced WHERE organization_id = ? ORDER BY id DESC LIMIT 1`)
      .all(g.principal) as { id: string }[];
    core.t.replica.fromServer.applyChanges('interactions', [{ op: 'update', row: { id: row!.id, created_by: teammate } }]);
    expect(card()).toMatchObject({ interactions_count: 2 });
    expect(card('mine')).toMatchObject({ interactions_count: 1 });
  });
});
