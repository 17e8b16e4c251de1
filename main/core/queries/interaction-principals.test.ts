/**
 * Principals of an interaction on a real replica, offline (nothing synced):
 * the derivation the server makes, the suggestion from a customer's open
 * opportunities (pre-selected when there is exactly one), chosen links written
 * only where derivation does not already say so, removed by soft delete and
 * restored as the same row, and the dashboard counting through them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as c from '../index.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';

let core: TestCore;
let ids: Record<string, string>;
beforeEach(() => {
  core = openTestCore();
  const ctx = core.ctx;
  const org = (name: string, is_principal = false) =>
    c.createOrganization(ctx, { name, is_principal }).id;
  ids = {
    sunrise: org('Sunrise Dairy', true),
    crunch: org('Crunch Co', true),
    bistro: org('Elm Street Bistro'),
    diner: org('Main Street Diner'),
  };
  ids.milk = c.createProduct(ctx, { principal_id: ids.sunrise, name: 'Whole Milk' }).id;
  ids.chips = c.createProduct(ctx, { principal_id: ids.crunch, name: 'Kettle Chips' }).id;
  ids.chef = c.createContact(ctx, { organization_id: ids.bistro, first_name: 'Ana' }).id;
  ids.cook = c.createContact(ctx, { organization_id: ids.diner, first_name: 'Bo' }).id;
  ids.sam = c.createContact(ctx, { organization_id: ids.sunrise, first_name: 'Sam' }).id;
  ids.bistroMilk = c.createOpportunity(ctx, {
    name: 'Milk at the bistro',
    organization_id: ids.bistro,
  }).id;
  c.addOpportunityProduct(ctx, { opportunity_id: ids.bistroMilk, product_id: ids.milk });
  for (const [name, product] of [
    ['Diner milk', ids.milk],
    ['Diner chips', ids.chips],
  ] as const) {
    const opp = c.createOpportunity(ctx, { name, organization_id: ids.diner }).id;
    c.addOpportunityProduct(ctx, { opportunity_id: opp, product_id: product });
  }
});
afterEach(() => core.cleanup());

const names = (refs: { name: string }[]) => refs.map((r) => r.name);

describe('interactions.principals', () => {
  it("suggests the customer's one open opportunity's principal, pre-selected, for a contact alone", () => {
    const view = c.interactionPrincipalsFor(core.ctx, { contact_id: ids.chef });
    expect(view).toEqual({
      derived: [],
      removed: [],
      chosen: [],
      suggested: [{ id: ids.sunrise, name: 'Sunrise Dairy' }],
      preselected: [ids.sunrise],
    });
  });

  it('suggests without pre-selecting when the customer has several, and leaves closed opportunities out', () => {
    const diner = c.interactionPrincipalsFor(core.ctx, { organization_id: ids.diner });
    expect(names(diner.suggested)).toEqual(['Crunch Co', 'Sunrise Dairy']);
    expect(diner.preselected).toEqual([]);
    c.moveOpportunityStage(core.ctx, { id: ids.bistroMilk, stage: 'Closed - Won' });
    expect(c.interactionPrincipalsFor(core.ctx, { contact_id: ids.chef }).suggested).toEqual([]);
  });

  it("derives as the server does: the opportunity's principals, the principal met or its contact", () => {
    expect(
      names(c.interactionPrincipalsFor(core.ctx, { opportunity_id: ids.bistroMilk }).derived),
    ).toEqual(['Sunrise Dairy']);
    expect(
      names(c.interactionPrincipalsFor(core.ctx, { organization_id: ids.crunch }).derived),
    ).toEqual(['Crunch Co']);
    const withSam = c.interactionPrincipalsFor(core.ctx, { contact_id: ids.sam });
    expect(names(withSam.derived)).toEqual(['Sunrise Dairy']);
    expect(withSam.suggested).toEqual([]);
  });
});

describe('interactions.set_principals', () => {
  it('writes chosen links for what derivation does not give, removes and restores them', () => {
    const call = c.logInteraction(core.ctx, {
      interaction_type: 'Phone Call',
      opportunity_id: ids.bistroMilk,
    }).id;
    c.setInteractionPrincipals(core.ctx, {
      interaction_id: call,
      principal_ids: [ids.sunrise, ids.crunch],
    });
    const links = () =>
      core.t.replica
        .stmt(
          `SELECT id, principal_id, source, deleted_at IS NULL AS live FROM interaction_principals WHERE interaction_id = ?`,
        )
        .all(call) as { id: string; principal_id: string; source: string; live: number }[];
    // Sunrise comes from the opportunity (the server derives it): only Crunch is a chosen link.
    expect(links()).toEqual([
      { id: expect.any(String), principal_id: ids.crunch, source: 'chosen', live: 1 },
    ]);
    const [first] = links();
    c.setInteractionPrincipals(core.ctx, { interaction_id: call, principal_ids: [] });
    expect(links()).toEqual([{ ...first, live: 0 }]);
    c.setInteractionPrincipals(core.ctx, { interaction_id: call, principal_ids: [ids.crunch] });
    expect(links()).toEqual([first]);
    const view = c.interactionPrincipalsFor(core.ctx, {
      interaction_id: call,
      opportunity_id: ids.bistroMilk,
    });
    expect([names(view.derived), names(view.chosen)]).toEqual([['Sunrise Dairy'], ['Crunch Co']]);
  });

  it('refuses an organization that is not a principal, naming the field', () => {
    const call = c.logInteraction(core.ctx, {
      interaction_type: 'Phone Call',
      contact_id: ids.chef,
    }).id;
    let error: unknown;
    try {
      c.setInteractionPrincipals(core.ctx, { interaction_id: call, principal_ids: [ids.bistro] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    expect((error as z.ZodError).issues[0]?.path).toEqual(['principal_ids']);
  });

  it('counts on the dashboard at once, offline: a customer-contact call with two principals chosen', () => {
    const before = c.principalDashboard(core.ctx);
    expect(before.map((p) => [p.name, p.interactions_count, p.engagement_level])).toEqual([
      ['Crunch Co', 0, 'Inactive'],
      ['Sunrise Dairy', 0, 'Inactive'],
    ]);
    const call = c.logInteraction(core.ctx, {
      interaction_type: 'Phone Call',
      contact_id: ids.chef,
    }).id;
    c.setInteractionPrincipals(core.ctx, {
      interaction_id: call,
      principal_ids: [ids.sunrise, ids.crunch],
    });
    // And a call with Sunrise's own Sam: derived, no link written, counted.
    c.logInteraction(core.ctx, { interaction_type: 'Phone Call', contact_id: ids.sam });
    expect(
      c.principalDashboard(core.ctx).map((p) => [p.name, p.interactions_count, p.engagement_level]),
    ).toEqual([
      ['Crunch Co', 1, 'High'],
      ['Sunrise Dairy', 2, 'High'],
    ]);
  });
});
