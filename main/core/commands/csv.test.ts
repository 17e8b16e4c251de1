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

const orgsCsv = [
  'Company,Principal,E-mail,Phone,City,Favourite Colour',
  'Prairie Pantry,yes,orders@prairiepantry.com,555-0101,Omaha,blue',
  'Bad Email Co,no,not-an-email,,Tulsa,',
  '"Comma, Inc.",,,,Dallas,',
].join('\n');

const count = (sql: string) => (core.t.replica.prepare(sql).get() as { n: number }).n;

describe('CSV import', () => {
  it('previews row by row, names the bad field with its line, and writes nothing', () => {
    const before = core.t.replica.outbox.entries().length;
    const p = c.previewCsvImport(core.ctx, { table: 'organizations', csv: orgsCsv });
    expect(p.columns).toEqual(['name', 'is_principal', 'email', 'phone', 'city']);
    expect(p.unknown_columns).toEqual(['Favourite Colour']);
    expect(p).toMatchObject({ valid: 2, invalid: 1, imported: 0 });
    expect(p.rows[1]).toMatchObject({ line: 3, issues: [{ field: 'email' }] });
    expect(p.rows[0]!.values).toMatchObject({ name: 'Prairie Pantry', is_principal: true });
    expect(core.t.replica.outbox.entries().length).toBe(before);
    expect(count(`SELECT count(*) AS n FROM organizations WHERE name = 'Prairie Pantry'`)).toBe(0);
  });

  it('all_or_nothing: one bad row and nothing is imported', () => {
    const r = c.importCsv(core.ctx, { table: 'organizations', csv: orgsCsv });
    expect(r).toMatchObject({ mode: 'all_or_nothing', valid: 2, invalid: 1, imported: 0 });
    expect(core.t.replica.outbox.entries()).toEqual([]);
    expect(
      count(
        `SELECT count(*) AS n FROM search_docs d JOIN organizations o ON o.id = d.row_id WHERE o.name = 'Prairie Pantry'`,
      ),
    ).toBe(0);
  });

  it('valid_rows: the good rows are imported as ordinary inserts, the bad one reported', () => {
    const r = c.importCsv(core.ctx, { table: 'organizations', csv: orgsCsv, mode: 'valid_rows' });
    expect(r).toMatchObject({ valid: 2, invalid: 1, imported: 2 });
    const names = core.t.replica.outbox.entries().map((e) => e.changes!.name);
    expect(names).toEqual(['Prairie Pantry', 'Comma, Inc.']);
    expect(core.t.replica.getRow('organizations', r.rows[0]!.id!)).toMatchObject({
      is_principal: 1,
      city: 'Omaha',
      _pending: 1,
    });
    expect(c.search(core.ctx, { q: 'prairie' }).map((h) => h.title)).toEqual(['Prairie Pantry']);
  });

  it('imports contacts naming their organization, and flags likely duplicates', () => {
    const csv = [
      'first_name,last_name,email,organization_name,advocacy_status,is_key_contact',
      'Sam,Cook,sam@elmbistro.com,elm street bistro,champion,TRUE',
      'Dana,Chef,other@elmbistro.com,Elm Street Bistro,,',
      'Lee,Park,lee@nowhere.com,Nowhere Diner,,',
      'Sam,Cooke,sam@elmbistro.com,Elm Street Bistro,,',
    ].join('\n');
    const r = c.importCsv(core.ctx, { table: 'contacts', csv, mode: 'valid_rows' });
    expect(r.rows.map((x) => x.issues.map((i) => i.field))).toEqual([
      [],
      [],
      ['organization_name'],
      [],
    ]);
    expect(core.t.replica.getRow('contacts', r.rows[0]!.id!)).toMatchObject({
      organization_id: g.customer,
      advocacy_status: 'Champion',
      is_key_contact: 1,
    });
    expect(r.rows[1]!.duplicates).toEqual([
      { id: g.contact, label: 'Dana Chef', reason: 'similar_name' },
    ]);
    expect(r.rows[3]!.duplicates).toEqual([
      { id: r.rows[0]!.id, label: 'Sam Cook', reason: 'same_email' },
    ]);
  });
});

describe('CSV export', () => {
  it('exports live records with the header the import reads back', () => {
    const out = c.exportCsv(core.ctx, { table: 'contacts' });
    const lines = out.csv.trim().split('\n');
    expect(lines[0]).toBe(
      'id,organization_id,first_name,last_name,title,email,phone,advocacy_status,is_key_contact,notes,organization_name,created_at,updated_at,deleted_at',
    );
    expect(lines[1]).toContain('Dana,Chef,,dana@elmbistro.com,,Neutral,false,,Elm Street Bistro');
    expect(out).toMatchObject({ rows: 1, filename: 'contacts-2026-03-02.csv' });
  });

  it('round-trips organizations into another workspace', () => {
    const out = c.exportCsv(core.ctx, { table: 'organizations' });
    const other = openTestCore();
    try {
      const r = c.importCsv(other.ctx, { table: 'organizations', csv: out.csv });
      expect(r).toMatchObject({ invalid: 0, imported: 5, unknown_columns: [] });
      const names = (ws: TestCore) =>
        ws.t.replica
          .prepare('SELECT name, is_principal, phone, website FROM organizations ORDER BY name')
          .all();
      expect(names(other)).toEqual(names(core));
    } finally {
      other.cleanup();
    }
  });
});
