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

const live = (table: 'organizations' | 'contacts' | 'opportunities' | 'interactions') =>
  (
    core.t.replica
      .prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`)
      .get() as { n: number }
  ).n;

describe('CSV import: columns', () => {
  it("maps a HubSpot export's headers by themselves, and the rest as the user says", () => {
    const csv = [
      'Company name,Phone Number,State/Region,Company owner,Lifecycle Stage,Town',
      'Prairie Pantry,402-555-0101,NE,Riley Rep,customer,Omaha',
    ].join('\n');
    const auto = c.previewCsvImport(core.ctx, { table: 'organizations', csv });
    expect(auto.mapping).toEqual([
      { header: 'Company name', field: 'name' },
      { header: 'Phone Number', field: 'phone' },
      { header: 'State/Region', field: 'region' },
      { header: 'Company owner', field: 'account_manager_name' },
      { header: 'Lifecycle Stage', field: null },
      { header: 'Town', field: null },
    ]);
    expect(auto.unknown_columns).toEqual(['Lifecycle Stage', 'Town']);
    const r = c.importCsv(core.ctx, {
      table: 'organizations',
      csv,
      mapping: { Town: 'city', 'Lifecycle Stage': '' },
    });
    expect(r).toMatchObject({ imported: 1, unknown_columns: [] });
    expect(core.t.replica.getRow('organizations', r.rows[0]!.id!)).toMatchObject({
      name: 'Prairie Pantry',
      phone: '402-555-0101',
      region: 'NE',
      city: 'Omaha',
      account_manager_id: core.userId,
    });
  });

  it('refuses a mapping onto a field that does not exist, naming the header', () => {
    const bad = c.csvImportInput.safeParse({
      table: 'contacts',
      csv: 'a\n1',
      mapping: { Town: 'favourite_colour' },
    });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['mapping.Town', '"favourite_colour" is not a field of contacts one can import'],
    ]);
  });
});

describe('CSV import: duplicates', () => {
  const csv = [
    'first_name,last_name,email,organization_name,title',
    'Dana,Chef,dana@elmbistro.com,Elm Street Bistro,Head chef',
    'Lee,Park,lee@elmbistro.com,Elm Street Bistro,',
  ].join('\n');

  it('skips a row that looks like an existing record unless told to update it or create it', () => {
    const skipped = c.importCsv(core.ctx, { table: 'contacts', csv });
    expect(skipped.rows.map((r) => r.action)).toEqual(['skip', 'create']);
    expect(skipped).toMatchObject({ created: 1, updated: 0, skipped: 1, imported: 1 });
    expect(live('contacts')).toBe(2);

    const updated = c.importCsv(core.ctx, { table: 'contacts', csv, actions: { '2': 'update' } });
    expect(updated.rows.map((r) => r.action)).toEqual(['update', 'skip']); // Lee is known by now
    expect(updated.rows[0]!.id).toBe(g.contact);
    expect(core.t.replica.getRow('contacts', g.contact)).toMatchObject({ title: 'Head chef' });
    expect(live('contacts')).toBe(2);

    c.importCsv(core.ctx, { table: 'contacts', csv, on_duplicate: 'create' });
    expect(live('contacts')).toBe(4);
  });

  it('reports an update with nothing to update as a row issue, and a shared phone alone as no duplicate', () => {
    c.updateContact(core.ctx, { id: g.contact, phone: '512-555-0199' });
    const r = c.previewCsvImport(core.ctx, {
      table: 'contacts',
      csv: 'first_name,last_name,phone\nSam,Other,(512) 555 0199',
      actions: { '2': 'update' },
    });
    expect(r.rows[0]!.duplicates).toEqual([]);
    expect(r.rows[0]!.issues).toEqual([
      { field: 'action', message: 'no existing record looks like this row to update' },
    ]);
  });
});

describe('CSV import and export: opportunities and interactions by name', () => {
  it('imports opportunities naming their customer and stage, and names an unknown customer', () => {
    const csv = [
      'Deal Name,Customer,Deal Stage,Primary contact,Distributor',
      'Spring menu,elm street bistro,demo scheduled,Dana Chef,Sysco North',
      'Lost cause,Nowhere Diner,New Lead,,',
      'Odd stage,Harbor Grill,Almost there,,',
    ].join('\n');
    const r = c.importCsv(core.ctx, { table: 'opportunities', csv, mode: 'valid_rows' });
    expect(r.rows.map((x) => x.issues.map((i) => `${i.field}: ${i.message}`))).toEqual([
      [],
      ['organization_name: no customer named "Nowhere Diner"'],
      [expect.stringMatching(/^stage: /)],
    ]);
    expect(core.t.replica.getRow('opportunities', r.rows[0]!.id!)).toMatchObject({
      name: 'Spring menu',
      organization_id: g.customer,
      stage: 'Demo Scheduled',
      primary_contact_id: g.contact,
      distributor_id: g.distributor,
    });
  });

  it('imports interactions naming their contact and opportunity, refusing an unknown contact', () => {
    const csv = [
      'Type,Date,Contact,Opportunity,Notes',
      'Meeting,2026-02-20T15:00:00Z,Dana Chef,Bistro sauce trial,tasting went well',
      'Email,2026-02-21T09:00:00Z,Nobody Known,,hello',
    ].join('\n');
    const r = c.importCsv(core.ctx, { table: 'interactions', csv, mode: 'valid_rows' });
    expect(r.rows[1]!.issues).toEqual([
      { field: 'contact_name', message: 'no contact named "Nobody Known"' },
    ]);
    expect(core.t.replica.getRow('interactions', r.rows[0]!.id!)).toMatchObject({
      interaction_type: 'Meeting',
      contact_id: g.contact,
      opportunity_id: g.opportunity,
      organization_id: g.customer,
    });
  });

  it('exports opportunities and interactions with names instead of ids, and reads them back', () => {
    const opps = c.exportCsv(core.ctx, { table: 'opportunities' });
    const [header, first] = opps.csv.trim().split('\n');
    expect(header).toBe(
      'id,name,stage,context,notes,close_reason,close_reason_note,organization_name,distributor_name,primary_contact_name,owner_name,created_at,updated_at,deleted_at',
    );
    expect(first).toContain('Bistro sauce trial');
    expect(first).toContain('Elm Street Bistro,Sysco North,Dana Chef');
    const notes = c.exportCsv(core.ctx, { table: 'interactions' });
    expect(notes.csv.split('\n')[0]).toBe(
      'id,interaction_type,interaction_date,notes,sentiment,follow_up_required,follow_up_date,follow_up_done_at,follow_up_time,organization_name,contact_name,opportunity_name,follow_up_assignee_name,created_at,updated_at,deleted_at',
    );
    expect(notes.csv).toContain('Elm Street Bistro,Dana Chef,Bistro sauce trial');
    expect(notes.rows).toBe(2);
    // Read back (ids left out, as in a spreadsheet someone edited): the names find the records.
    const back = c.previewCsvImport(core.ctx, {
      table: 'interactions',
      csv: notes.csv,
      mapping: { id: '' },
    });
    expect(back.rows.map((x) => x.issues)).toEqual([[], []]);
  });
});
