import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../sync/client/replica/index.ts';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';

let core: TestCore;
let g: Graph;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
});
afterEach(() => core.cleanup());

describe('lists', () => {
  it('pages by keyset through a sorted, filtered list without skipping or repeating', () => {
    for (let i = 0; i < 23; i++)
      c.createOrganization(core.ctx, {
        name: `Diner ${String(i).padStart(2, '0')}`,
        segment: 'Diner',
      });
    core.syncAll();
    c.updateOrganization(core.ctx, { id: g.customer2, segment: 'Diner' }); // a pending row joins the list
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = c.organizationList.run(core.ctx, {
        segment: 'Diner',
        limit: 10,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.rows.map((r) => r.name as string));
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(24);
    expect(seen[0]).toBe('Diner 00');
    expect(seen.at(-1)).toBe('Harbor Grill');
    expect(new Set(seen).size).toBe(24);
  });

  it('sorts descending, filters by search text, shows the trash, and labels rows', () => {
    c.deleteContact(core.ctx, { id: g.contact });
    expect(c.contactList.run(core.ctx, {}).rows).toEqual([]);
    const trash = c.contactList.run(core.ctx, { deleted: 'deleted' }).rows;
    expect(trash).toMatchObject([
      { id: g.contact, organization_name: 'Elm Street Bistro', _pending: true },
    ]);
    const byText = c.organizationList.run(core.ctx, { q: 'bistro' }).rows.map((r) => r.name);
    expect(byText).toEqual(['Elm Street Bistro']);
    const principals = c.organizationList
      .run(core.ctx, { is_principal: true, sort: 'name', dir: 'desc' })
      .rows.map((r) => r.name);
    expect(principals).toEqual(['Saucy Foods', 'Crunch Co']);
    const opps = c.opportunityList.run(core.ctx, { principal_id: g.principal }).rows;
    expect(opps).toMatchObject([
      {
        id: g.opportunity,
        organization_name: 'Elm Street Bistro',
        primary_contact_name: 'Dana Chef',
        owner_name: 'Riley Rep',
      },
    ]);
    expect(c.opportunityList.run(core.ctx, { principal_id: g.principal2 }).rows).toEqual([]);
    const inter = c.interactionList.run(core.ctx, { follow_up: 'open' }).rows;
    expect(inter).toMatchObject([
      { id: g.interaction, opportunity_name: 'Bistro sauce trial', follow_up_required: true },
    ]);
  });

  it('rejects a cursor that is not one', () => {
    expect(() => c.productList.run(core.ctx, { cursor: 'garbage' })).toThrow(/cursor/);
  });
});

describe('record detail', () => {
  it('shows the record, its pending changes, timeline and related records', () => {
    c.updateOrganization(core.ctx, { id: g.customer, city: 'Austin' });
    const d = c.recordDetail(core.ctx, { table: 'organizations', id: g.customer });
    expect(d.record).toMatchObject({ name: 'Elm Street Bistro', city: 'Austin', _pending: true });
    expect(d.pending.map((e) => e.changes)).toEqual([{ city: 'Austin' }]);
    expect(d.timeline.map((t) => t.id)).toEqual([g.interaction]);
    expect(d.timeline[0]).toMatchObject({
      contact_name: 'Dana Chef',
      opportunity_name: 'Bistro sauce trial',
    });
    // The server's audit trail is not in the replica any more: records.history fetches it (history.test.ts).
    expect(d).not.toHaveProperty('audit');
    expect(d.related.contacts!.map((r) => r.id)).toEqual([g.contact]);
    expect(d.related.opportunities!.map((r) => r.id)).toEqual([g.opportunity]);
    const opp = c.recordDetail(core.ctx, { table: 'opportunities', id: g.opportunity });
    expect(opp.related.principals!.map((r) => r.name)).toEqual(['Saucy Foods']);
    expect(opp.related.products!.map((r) => r.name)).toEqual(['Smoky Chipotle Sauce']);
    expect(() => c.recordDetail(core.ctx, { table: 'contacts', id: uuidv7() })).toThrow(
      c.CommandError,
    );
  });
});

describe('follow-ups', () => {
  it('lists open follow-ups by urgency against a given day, with counts', () => {
    const overdue = c.logInteraction(core.ctx, {
      interaction_type: 'Email',
      contact_id: g.contact,
      follow_up_date: '2026-03-01',
    }).id;
    const unscheduled = c.logInteraction(core.ctx, {
      interaction_type: 'Email',
      contact_id: g.contact,
      follow_up_required: true,
    }).id;
    const done = c.logInteraction(core.ctx, {
      interaction_type: 'Email',
      contact_id: g.contact,
      follow_up_date: '2026-02-01',
    }).id;
    c.completeFollowUp(core.ctx, { id: done });
    const list = c.followUps(core.ctx, { today: '2026-03-04' }).rows.map((r) => [r.id, r.urgency]);
    expect(list).toEqual([
      [overdue, 'overdue'],
      [g.interaction, 'due'],
      [unscheduled, 'unscheduled'],
    ]);
    expect(c.followUpCounts(core.ctx, { today: '2026-03-02' })).toEqual({
      overdue: 1,
      due: 0,
      upcoming: 1,
      unscheduled: 1,
    });
    expect(
      c
        .followUps(core.ctx, { today: '2026-03-02', urgency: ['overdue', 'due'] })
        .rows.map((r) => r.id),
    ).toEqual([overdue]);
  });
});

describe('search', () => {
  it('finds records after local create and update, not after delete, and follows server changes', () => {
    const hits = (q: string) => c.search(core.ctx, { q }).map((h) => `${h.table}:${h.title}`);
    expect(hits('chipotle')).toEqual([
      'products:Smoky Chipotle Sauce',
      'interactions:Phone Call · 2026-03-02',
    ]);
    const id = c.createContact(core.ctx, {
      first_name: 'Marguerite',
      last_name: 'Okafor',
      organization_id: g.customer2,
    }).id;
    expect(c.search(core.ctx, { q: 'margu' })).toMatchObject([
      { table: 'contacts', id, subtitle: 'Harbor Grill', pending: true },
    ]);
    c.updateContact(core.ctx, { id, first_name: 'Margo' });
    expect(hits('marguerite')).toEqual([]);
    expect(hits('margo okafor')).toEqual(['contacts:Margo Okafor']);
    c.deleteContact(core.ctx, { id });
    expect(hits('okafor')).toEqual([]);
    c.restoreContact(core.ctx, { id });
    expect(hits('okafor')).toEqual(['contacts:Margo Okafor']);
    // Another user renames a product on the server.
    const p = core.t.replica.getRow('products', g.product2)!;
    core.t.replica.fromServer.applyChanges('products', [
      { op: 'update', row: { ...p, _pending: undefined, name: 'Sea Salt Kettle Chips' } },
    ]);
    expect(hits('salt')).toEqual(['products:Sea Salt Kettle Chips']);
    core.t.replica.fromServer.applyChanges('products', [{ op: 'delete', row: { id: g.product2 } }]);
    expect(hits('salt')).toEqual([]);
    expect(
      c.search(core.ctx, { q: 'elm', tables: ['organizations'] }).map((h) => h.snippet),
    ).toEqual(['\u0002Elm\u0003 Street Bistro']);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('refuses an empty list of kinds, naming the field (it used to reach FTS5 as a syntax error)', () => {
    const refused = c.searchInput.safeParse({ q: 'elm', tables: [] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['tables']);
    expect(() => c.search(core.ctx, { q: 'elm', tables: [] })).toThrow(/at least one kind/);
  });
});

describe('pipeline', () => {
  it('lists every stage in order, counting live opportunities', () => {
    const second = c.createOpportunity(core.ctx, {
      name: 'Grill chips',
      organization_id: g.customer2,
      stage: 'Closed - Won',
    }).id;
    c.createOpportunity(core.ctx, { name: 'Gone', organization_id: g.customer2 });
    c.deleteOpportunity(core.ctx, {
      id: c.opportunityList.run(core.ctx, { q: 'gone' }).rows[0]!.id as string,
    });
    const p = c.pipelineByStage(core.ctx);
    expect(p).toHaveLength(9);
    expect(p[0]).toMatchObject({
      stage: 'New Lead',
      position: 1,
      opportunities_count: 1,
      closed: false,
    });
    expect(p[6]).toMatchObject({ stage: 'Closed - Won', opportunities_count: 1, closed: true });
    expect(p.reduce((n, s) => n + s.opportunities_count, 0)).toBe(2);
    expect(
      c
        .pipelineByStage(core.ctx, { principal_id: g.principal })
        .reduce((n, s) => n + s.opportunities_count, 0),
    ).toBe(1);
    expect(second).toBeTruthy();
  });
});

describe('principal dashboard (local)', () => {
  it('counts what the server view counts, including offline edits at once', () => {
    const row = () =>
      c
        .principalDashboard(core.ctx, { today: '2026-03-04' })
        .find((r) => r.principal_id === g.principal)!;
    expect(row()).toEqual({
      principal_id: g.principal,
      name: 'Saucy Foods',
      opportunities_count: 1,
      interactions_count: 1,
      products_count: 1,
      last_activity_at: '2026-03-02T10:00:00.000000Z',
      engagement_level: 'High',
      follow_ups_due_count: 1,
      last_interaction_at: null,
    });
    // Offline: a second product of the same principal on the same opportunity does not add an opportunity.
    const p2 = c.createProduct(core.ctx, { principal_id: g.principal, name: 'Mild Salsa' }).id;
    c.addOpportunityProduct(core.ctx, { opportunity_id: g.opportunity, product_id: p2 });
    expect(row()).toMatchObject({ opportunities_count: 1, products_count: 2 });
    core.clock.advance(10 * 86_400_000);
    expect(row().engagement_level).toBe('Medium');
    c.deleteInteraction(core.ctx, { id: g.interaction });
    expect(row()).toMatchObject({
      interactions_count: 0,
      last_activity_at: null,
      engagement_level: 'Inactive',
      follow_ups_due_count: 0,
    });
    // Its own last interaction is the organization's column, the value its list row and page show.
    c.logInteraction(core.ctx, { interaction_type: 'Email', organization_id: g.principal });
    const own = c.organizationList
      .run(core.ctx, { is_principal: true })
      .rows.find((r) => r.id === g.principal)!.last_interaction_at;
    expect(own).toEqual(expect.any(String));
    expect(row().last_interaction_at).toBe(own);
    const crunch = c.principalDashboard(core.ctx).find((r) => r.principal_id === g.principal2)!;
    expect(crunch).toMatchObject({
      opportunities_count: 0,
      products_count: 1,
      engagement_level: 'Inactive',
    });
  });
});
