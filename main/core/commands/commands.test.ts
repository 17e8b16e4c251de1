import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { seedGraph, type Graph } from '../testing/test-graph.ts';
import { withTextTimestamps } from '../../../sync/client/testing/stored-rows.ts';

let core: TestCore;
let g: Graph;
beforeEach(() => {
  core = openTestCore();
  g = seedGraph(core);
});
afterEach(() => core.cleanup());

// Timestamps as the rows were sent (stored as integer microseconds), other values as stored.
const row = (table: Parameters<TestCore['ctx']['replica']['getRow']>[0], id: string) =>
  withTextTimestamps(table, core.t.replica.getRow(table, id)!);
const outbox = () => core.t.replica.outbox.entries();

describe('record commands', () => {
  it('creates with the defaults the user saw, sends them, and derives nothing the user did not ask for', () => {
    const { id } = c.createContact(core.ctx, {
      last_name: 'Ng',
      email: 'ng@harbor.com',
      organization_id: g.customer2,
    });
    expect(row('contacts', id)).toMatchObject({
      last_name: 'Ng',
      advocacy_status: 'Neutral',
      is_key_contact: 0,
      workspace_id: core.workspaceId,
      _pending: 1,
    });
    const [e] = outbox();
    expect(e).toMatchObject({ op: 'insert', table: 'contacts', row_id: id, status: 'pending' });
    expect(e!.changes).toEqual({
      advocacy_status: 'Neutral',
      is_key_contact: false,
      last_name: 'Ng',
      email: 'ng@harbor.com',
      organization_id: g.customer2,
    });
    expect(core.t.replica.outbox.nextBatch()[0]).not.toHaveProperty('workspace_id');
  });

  it("makes an organization's kind explicit: customer unless told otherwise, never no kind at all", () => {
    expect(row('organizations', g.customer)).toMatchObject({ is_customer: 1, is_principal: 0 });
    expect(row('organizations', g.principal)).toMatchObject({ is_customer: 0, is_principal: 1 });
    const both = c.createOrganization(core.ctx, {
      name: 'Cash & Carry North',
      is_distributor: true,
      is_customer: true,
    }).id;
    expect(row('organizations', both)).toMatchObject({ is_customer: 1, is_distributor: 1 });
    // No kind at all is refused: validation.test.ts (field is_customer).
  });

  it('sends only fields that really change, and nothing when nothing does', () => {
    const r = c.updateOrganization(core.ctx, {
      id: g.customer,
      name: 'Elm Street Bistro',
      city: 'Austin',
      phone: '',
    });
    expect(r.changed.sort()).toEqual(['city', 'phone']);
    expect(outbox()[0]!.changes).toEqual({ city: 'Austin', phone: null });
    expect(c.updateOrganization(core.ctx, { id: g.customer, city: 'Austin' }).changed).toEqual([]);
    expect(outbox()).toHaveLength(1);
  });

  it('soft deletes and restores, idempotently, and refuses edits of a deleted record', () => {
    expect(c.deleteContact(core.ctx, { id: g.contact }).changed).toEqual(['deleted_at']);
    expect(c.deleteContact(core.ctx, { id: g.contact }).changed).toEqual([]);
    expect(row('contacts', g.contact).deleted_at).toBe('2026-03-02T10:00:00.000000Z');
    expect(() => c.updateContact(core.ctx, { id: g.contact, title: 'Chef' })).toThrow(
      c.CommandError,
    );
    c.restoreContact(core.ctx, { id: g.contact });
    expect(row('contacts', g.contact).deleted_at).toBeNull();
    expect(outbox().map((e) => e.op)).toEqual(['delete', 'restore']);
  });

  it('answers not_found for a record of another workspace or none', () => {
    expect(() =>
      c.deleteOrganization(core.ctx, { id: '0193a8c4-6b1e-7c3a-9f00-000000000001' }),
    ).toThrow(/no organization/);
  });

  it('moves opportunity stages and predicts stage_changed_at', () => {
    core.clock.advance(3_600_000);
    c.moveOpportunityStage(core.ctx, { id: g.opportunity, stage: 'Demo Scheduled' });
    expect(row('opportunities', g.opportunity)).toMatchObject({
      stage: 'Demo Scheduled',
      stage_changed_at: '2026-03-02T11:00:00.000000Z',
    });
  });

  it('closes a deal as stalled or no fit only with a reason, and sends it with the move', () => {
    expect(() =>
      c.moveOpportunityStage(core.ctx, { id: g.opportunity, stage: 'Closed - Stalled' }),
    ).toThrow(/a deal closed as Stalled needs a reason/);
    expect(outbox()).toHaveLength(0);
    c.moveOpportunityStage(core.ctx, {
      id: g.opportunity,
      stage: 'Closed - No Fit',
      close_reason: 'Chose a competitor',
      close_reason_note: '  Went with the big distributor  ',
    });
    expect(row('opportunities', g.opportunity)).toMatchObject({
      stage: 'Closed - No Fit',
      close_reason: 'Chose a competitor',
    });
    expect(outbox().at(-1)!.changes).toEqual({
      stage: 'Closed - No Fit',
      close_reason: 'Chose a competitor',
      close_reason_note: 'Went with the big distributor',
    });
    // Elsewhere, a reason is not kept (as the server's trigger does): the replica shows none at once.
    c.moveOpportunityStage(core.ctx, {
      id: g.opportunity,
      stage: 'Closed - Won',
      close_reason: 'Other',
    });
    expect(outbox().at(-1)!.changes).toEqual({
      stage: 'Closed - Won',
      close_reason: null,
      close_reason_note: null,
    });
    expect(row('opportunities', g.opportunity)).toMatchObject({
      close_reason: null,
      close_reason_note: null,
    });
    // And with none to clear, only the stage is sent.
    c.moveOpportunityStage(core.ctx, { id: g.opportunity, stage: 'Feedback Logged' });
    expect(outbox().at(-1)!.changes).toEqual({ stage: 'Feedback Logged' });
  });

  it('adds, removes and re-adds a product as one link row (the server keeps one per pair)', () => {
    const added = c.addOpportunityProduct(core.ctx, {
      opportunity_id: g.opportunity,
      product_id: g.product2,
    });
    expect(
      c.addOpportunityProduct(core.ctx, { opportunity_id: g.opportunity, product_id: g.product2 })
        .changed,
    ).toEqual([]);
    c.removeOpportunityProduct(core.ctx, { opportunity_id: g.opportunity, product_id: g.product2 });
    expect(row('opportunity_products', added.id).deleted_at).not.toBeNull();
    const again = c.addOpportunityProduct(core.ctx, {
      opportunity_id: g.opportunity,
      product_id: g.product2,
      notes: 'second try',
    });
    expect(again.id).toBe(added.id);
    expect(row('opportunity_products', added.id)).toMatchObject({
      deleted_at: null,
      notes: 'second try',
    });
    expect(outbox().map((e) => e.op)).toEqual(['insert', 'delete', 'restore', 'update']);
    expect(() =>
      c.removeOpportunityProduct(core.ctx, {
        opportunity_id: g.opportunity,
        product_id: g.product2,
      }),
    ).not.toThrow();
    expect(() =>
      c.removeOpportunityProduct(core.ctx, {
        opportunity_id: g.opportunity,
        product_id: g.product2,
      }),
    ).toThrow(/not on this opportunity/);
  });

  it('quick-logs an interaction: now by default, follow-up implied by its date, organization derived', () => {
    const { id } = c.logInteraction(core.ctx, {
      interaction_type: 'Meeting',
      opportunity_id: g.opportunity,
      follow_up_date: '2026-03-09',
    });
    expect(row('interactions', id)).toMatchObject({
      interaction_date: '2026-03-02T10:00:00.000000Z',
      follow_up_required: 1,
      follow_up_date: '2026-03-09',
      organization_id: g.customer,
      sentiment: 'Neutral',
    });
    // Moving it to a contact of another organization moves its organization too, as the server's trigger does.
    const other = c.createContact(core.ctx, { last_name: 'Ng', organization_id: g.customer2 }).id;
    const r = c.updateInteraction(core.ctx, { id, opportunity_id: null, contact_id: other });
    expect(r.changed.sort()).toEqual(['contact_id', 'opportunity_id', 'organization_id']);
    expect(row('interactions', id).organization_id).toBe(g.customer2);
  });

  it('logs an interaction at a chosen earlier time, never one later than now (issue 12)', () => {
    const { id } = c.logInteraction(core.ctx, {
      interaction_type: 'Phone Call',
      opportunity_id: g.opportunity,
      interaction_date: '2026-03-01T16:30:00.000Z',
    });
    expect(row('interactions', id).interaction_date).toBe('2026-03-01T16:30:00.000000Z');
    expect(() =>
      c.logInteraction(core.ctx, {
        interaction_type: 'Note',
        opportunity_id: g.opportunity,
        interaction_date: '2026-03-02T12:00:00.000Z',
      }),
    ).toThrow(/ahead of the server's clock/);
    expect(() =>
      c.updateInteraction(core.ctx, { id, interaction_date: '2026-03-03T09:00:00.000Z' }),
    ).toThrow(/interaction is dated/);
  });

  it('marks a follow-up done once, and reopens it', () => {
    core.clock.advance(60_000);
    c.completeFollowUp(core.ctx, { id: g.interaction });
    expect(row('interactions', g.interaction).follow_up_done_at).toBe(
      '2026-03-02T10:01:00.000000Z',
    );
    core.clock.advance(60_000);
    expect(c.completeFollowUp(core.ctx, { id: g.interaction }).changed).toEqual([]);
    c.completeFollowUp(core.ctx, { id: g.interaction, done: false });
    expect(row('interactions', g.interaction).follow_up_done_at).toBeNull();
  });

  it('writes a multi-mutation command all or nothing', () => {
    expect(() =>
      core.t.replica.transaction(() => {
        c.createOrganization(core.ctx, { name: 'Half Done' });
        c.createContact(core.ctx, { last_name: 'Valid' });
        c.createContact(core.ctx, { email: 'no-name@x.com' });
      }),
    ).toThrow();
    expect(outbox()).toEqual([]);
    expect(
      core.t.replica
        .prepare(`SELECT count(*) AS n FROM organizations WHERE name = 'Half Done'`)
        .get(),
    ).toEqual({ n: 0 });
  });
});

describe('rejected changes and sign-out', () => {
  it('retries a rejected change after editing it, or discards it', () => {
    c.updateContact(core.ctx, { id: g.contact, title: 'Head Chef' });
    const [m] = core.t.replica.outbox.nextBatch();
    core.t.replica.outbox.recordResults([
      {
        mutation_id: m!.mutation_id,
        status: 'rejected',
        code: 'invalid',
        message: 'title too fancy',
        field: 'title',
      },
    ]);
    expect(row('contacts', g.contact).title).toBeNull();
    const queue = c.syncQueue(core.ctx);
    expect(queue.rejected).toMatchObject([
      {
        label: 'Dana Chef',
        changes: { title: 'Head Chef' },
        rejection: { code: 'invalid', field: 'title' },
      },
    ]);
    expect(() =>
      c.retryRejected(core.ctx, { mutation_id: m!.mutation_id, changes: { email: 'bad' } }),
    ).toThrow(/email/);
    const { mutation_id } = c.retryRejected(core.ctx, {
      mutation_id: m!.mutation_id,
      changes: { title: 'Chef' },
    });
    expect(row('contacts', g.contact)).toMatchObject({ title: 'Chef', _pending: 1 });
    core.t.replica.outbox.recordResults([
      { mutation_id, status: 'rejected', code: 'forbidden', message: 'no' },
    ]);
    c.discardRejected(core.ctx, { mutation_id });
    expect(c.syncQueue(core.ctx)).toMatchObject({ unsynced: 0, rejected: [] });
  });

  it('refuses sign-out with the pending count unless the caller exports or discards', () => {
    expect(c.prepareSignOut(core.ctx, {})).toEqual({ unsynced: 0 });
    c.updateOrganization(core.ctx, { id: g.customer, city: 'Dallas' });
    c.logInteraction(core.ctx, {
      interaction_type: 'Note',
      contact_id: g.contact,
      notes: 'offline note',
    });
    let err: unknown;
    try {
      c.prepareSignOut(core.ctx, { unsynced: 'refuse' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(c.CommandError);
    expect(err).toMatchObject({ code: 'pending_changes', details: { pending: 2 } });
    const exported = c.prepareSignOut(core.ctx, { unsynced: 'export' });
    expect(exported.export!.mutations).toHaveLength(2);
    expect(exported.export!.records.find((r) => r.table === 'organizations')!.row).toMatchObject({
      city: 'Dallas',
    });
    expect(core.t.replica.outbox.unsyncedCount()).toBe(2);
    expect(c.prepareSignOut(core.ctx, { unsynced: 'discard' })).toMatchObject({
      unsynced: 2,
      discarded: 2,
    });
    expect(row('organizations', g.customer)).toMatchObject({ city: null, _pending: 0 });
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });
});
