import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('likely duplicates before a create', () => {
  it('finds organizations by similar name, email, phone and web domain', () => {
    const dupes = (input: Parameters<typeof c.findDuplicateOrganizations>[1]) =>
      c.findDuplicateOrganizations(core.ctx, input).map((d) => [d.label, d.reasons.join('+')]);
    expect(dupes({ name: 'The Saucy Foods, Inc.' })).toEqual([['Saucy Foods', 'similar_name']]);
    expect(dupes({ name: 'Sauzy Foods' })).toEqual([['Saucy Foods', 'similar_name']]);
    expect(dupes({ name: 'Sysco' })).toEqual([['Sysco North', 'similar_name']]);
    // The same phone alone is not a duplicate; with a name that is somewhat alike it is.
    expect(dupes({ name: 'Totally Different', phone: '+1 512 555 0100' })).toEqual([]);
    expect(dupes({ name: 'Elm Street Cafe' })).toEqual([]);
    expect(dupes({ name: 'Elm Street Cafe', phone: '+1 512 555 0100' })).toEqual([
      ['Elm Street Bistro', 'similar_name+same_phone'],
    ]);
    expect(dupes({ name: 'X', email: 'HELLO@elmbistro.com' })).toEqual([
      ['Elm Street Bistro', 'same_email+same_domain'],
    ]);
    expect(dupes({ name: 'Y', website: 'http://saucyfoods.com' })).toEqual([
      ['Saucy Foods', 'same_domain'],
    ]);
    expect(dupes({ name: 'Z', email: 'someone@gmail.com' })).toEqual([]);
    expect(dupes({ name: 'Saucy Foods', exclude_id: g.principal })).toEqual([]);
  });

  it('finds contacts by email, phone, and similar names within one organization', () => {
    c.updateContact(core.ctx, { id: g.contact, phone: '512-555-0199' });
    const dupes = (input: Parameters<typeof c.findDuplicateContacts>[1]) =>
      c.findDuplicateContacts(core.ctx, input).map((d) => d.reasons.join('+'));
    expect(dupes({ first_name: 'Dana', last_name: 'Chefs', organization_id: g.customer })).toEqual([
      'similar_name',
    ]);
    expect(dupes({ first_name: 'Dana', last_name: 'Chef', organization_id: g.customer2 })).toEqual(
      [],
    );
    expect(dupes({ last_name: 'Other', email: 'dana@ELMBISTRO.com' })).toEqual(['same_email']);
    // Two people on one shared line are two people: the phone only adds to a name match.
    expect(dupes({ first_name: 'Sam', last_name: 'Other', phone: '(512) 555 0199' })).toEqual([]);
    expect(dupes({ first_name: 'Dan', last_name: 'Cheff', phone: '(512) 555 0199' })).toEqual([
      'similar_name+same_phone',
    ]);
    expect(dupes({ first_name: 'Dan', last_name: 'Cheff' })).toEqual([]);
  });
});

describe('merge', () => {
  it('folds one organization into another as ordinary mutations in one transaction', () => {
    // A second "Elm Street" record with its own contact, opportunity and interaction.
    const loser = c.createOrganization(core.ctx, {
      name: 'Elm St. Bistro',
      city: 'Austin',
      notes: 'Back entrance on 5th',
      is_distributor: true,
    }).id;
    const contact = c.createContact(core.ctx, { last_name: 'Ortiz', organization_id: loser }).id;
    const opp = c.createOpportunity(core.ctx, {
      name: 'Chips for Elm',
      organization_id: g.customer2,
      distributor_id: loser,
    }).id;
    c.updateOrganization(core.ctx, { id: g.customer, is_distributor: true });
    const opp2 = c.createOpportunity(core.ctx, {
      name: 'Own distribution',
      organization_id: loser,
      distributor_id: g.customer,
    }).id;
    const note = c.logInteraction(core.ctx, {
      interaction_type: 'Note',
      organization_id: loser,
      notes: 'walk-in',
    }).id;
    core.syncAll();

    const result = c.mergeOrganizations(core.ctx, { winner_id: g.customer, loser_id: loser });
    expect(result.moved).toEqual({ contacts: 1, products: 0, opportunities: 2, interactions: 1 });
    expect(result.filled.sort()).toEqual(['city', 'notes']);
    const get = (t: 'organizations' | 'contacts' | 'opportunities' | 'interactions', id: string) =>
      core.t.replica.getRow(t, id)!;
    expect(get('organizations', g.customer)).toMatchObject({
      city: 'Austin',
      notes: 'Back entrance on 5th',
      deleted_at: null,
    });
    expect(get('organizations', loser).deleted_at).not.toBeNull();
    expect(get('contacts', contact).organization_id).toBe(g.customer);
    expect(get('opportunities', opp).distributor_id).toBe(g.customer);
    // The customer would have become its own distributor: that link is dropped.
    expect(get('opportunities', opp2)).toMatchObject({
      organization_id: g.customer,
      distributor_id: null,
    });
    expect(get('interactions', note).organization_id).toBe(g.customer);
    const ops = core.t.replica.outbox.entries().map((e) => `${e.table}:${e.op}`);
    expect(ops).toEqual([
      'organizations:update',
      'contacts:update',
      'opportunities:update',
      'opportunities:update',
      'interactions:update',
      'organizations:delete',
    ]);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('makes the winner a principal when the loser has products', () => {
    const loser = c.createOrganization(core.ctx, {
      name: 'Saucy Foods (dup)',
      is_principal: true,
    }).id;
    const product = c.createProduct(core.ctx, { principal_id: loser, name: 'Mild Salsa' }).id;
    c.mergeOrganizations(core.ctx, { winner_id: g.customer2, loser_id: loser });
    expect(core.t.replica.getRow('organizations', g.customer2)!.is_principal).toBe(1);
    expect(core.t.replica.getRow('products', product)!.principal_id).toBe(g.customer2);
  });

  it('folds one contact into another and re-derives the organization of its interactions', () => {
    const loser = c.createContact(core.ctx, {
      first_name: 'Dana',
      last_name: 'Chef',
      phone: '512-555-0188',
      organization_id: g.customer2,
    }).id;
    const i = c.logInteraction(core.ctx, { interaction_type: 'Email', contact_id: loser }).id;
    const opp = c.createOpportunity(core.ctx, {
      name: 'Grill deal',
      organization_id: g.customer2,
      primary_contact_id: loser,
    }).id;
    const r = c.mergeContacts(core.ctx, { winner_id: g.contact, loser_id: loser });
    expect(r).toMatchObject({ filled: ['phone'], moved: { opportunities: 1, interactions: 1 } });
    expect(core.t.replica.getRow('interactions', i)).toMatchObject({
      contact_id: g.contact,
      organization_id: g.customer,
    });
    expect(core.t.replica.getRow('opportunities', opp)!.primary_contact_id).toBe(g.contact);
    expect(core.t.replica.getRow('contacts', loser)!.deleted_at).not.toBeNull();
  });

  it('takes the values chosen per field from either side, and names a field that cannot be chosen', () => {
    const loser = c.createContact(core.ctx, {
      first_name: 'Dana',
      last_name: 'Chef-Ortiz',
      title: 'Head chef',
      phone: '512-555-0188',
      notes: 'prefers email',
      organization_id: g.customer2,
    }).id;
    core.syncAll();
    const r = c.mergeContacts(core.ctx, {
      winner_id: g.contact,
      loser_id: loser,
      // The loser's name and organization, the winner's notes, the rest by default.
      choose: { last_name: 'loser', organization_id: 'loser', notes: 'winner' },
    });
    expect(r.filled.sort()).toEqual(['last_name', 'organization_id', 'phone', 'title']);
    expect(core.t.replica.getRow('contacts', g.contact)).toMatchObject({
      first_name: 'Dana',
      last_name: 'Chef-Ortiz',
      organization_id: g.customer2,
      title: 'Head chef',
      email: 'dana@elmbistro.com',
      notes: null,
    });
    const refused = (choose: Record<string, string>) =>
      c.contactMergeInput
        .safeParse({ winner_id: g.contact, loser_id: loser, choose })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(refused({ email: 'both' })).toEqual(["choose.email: must be 'winner' or 'loser'"]);
    expect(refused({ is_key_contact: 'loser' })).toEqual([
      'choose.is_key_contact: not a field one can choose when merging contacts',
    ]);
  });

  it('lets an organization keep the other name and drop a value it would have taken', () => {
    const loser = c.createOrganization(core.ctx, { name: 'Elm St. Bistro LLC', city: 'Austin' }).id;
    c.mergeOrganizations(core.ctx, {
      winner_id: g.customer,
      loser_id: loser,
      choose: { name: 'loser', city: 'winner' },
    });
    expect(core.t.replica.getRow('organizations', g.customer)).toMatchObject({
      name: 'Elm St. Bistro LLC',
      city: null,
    });
  });

  it('refuses to merge a deleted record, and writes nothing', () => {
    c.deleteOrganization(core.ctx, { id: g.customer2 });
    const before = core.t.replica.outbox.entries().length;
    expect(() =>
      c.mergeOrganizations(core.ctx, { winner_id: g.customer, loser_id: g.customer2 }),
    ).toThrow(/deleted/);
    expect(core.t.replica.outbox.entries().length).toBe(before);
  });
});
