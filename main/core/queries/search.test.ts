import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as c from '../index.ts';
import { perfData } from '../testing/perf-data.ts';
import { openTestCore, type TestCore } from '../testing/test-support.ts';
import { editDistance, fuzzyNameMatch, queryWords } from './fuzzy-name.ts';

let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.cleanup());

const hits = (q: string, tables?: c.SearchHit['table'][]) =>
  c.search(core.ctx, { q, ...(tables ? { tables } : {}) }).map((h) => `${h.table}:${h.title}`);

describe('search ranking and typos', () => {
  it('lists an organization whose name matches before the products named after it', () => {
    // A longer name than its products', and products that say "alpine" twice: bm25 alone put them first.
    const alpine = c.createOrganization(core.ctx, {
      name: 'Alpine Valley Creamery Cooperative',
      is_principal: true,
    }).id;
    for (const p of [
      'Alpine Swiss',
      'Alpine Gouda',
      'Alpine Brie',
      'Alpine Cheddar',
      'Alpine Feta',
    ])
      c.createProduct(core.ctx, { name: p, principal_id: alpine, description: 'alpine style' });
    const found = hits('alpine');
    expect(found).toHaveLength(6);
    expect(found[0]).toBe('organizations:Alpine Valley Creamery Cooperative');
    expect(found.slice(1).every((h) => h.startsWith('products:'))).toBe(true);
  });

  it('finds a name typed with a letter missing, swapped or wrong, and marks the word found', () => {
    const principal = c.createOrganization(core.ctx, {
      name: 'Dairy Fresh',
      is_principal: true,
    }).id;
    c.createProduct(core.ctx, { name: 'Whole Milk Ricotta', principal_id: principal });
    c.createOrganization(core.ctx, { name: 'Alpine Creamery' });
    c.createContact(core.ctx, { first_name: 'Marguerite', last_name: 'Okafor' });
    expect(hits('ricota')).toEqual(['products:Whole Milk Ricotta']);
    expect(c.search(core.ctx, { q: 'ricota' })[0]!.snippet).toBe('Whole Milk \u0002Ricotta\u0003');
    expect(hits('alpnie')).toEqual(['organizations:Alpine Creamery']);
    expect(hits('margeurite okafr')).toEqual(['contacts:Marguerite Okafor']);
    // Too far from any name (two edits in a short word), or filtered out by kind.
    expect(hits('rikkota')).toEqual([]);
    expect(hits('ricota', ['organizations'])).toEqual([]);
    // The trigram index follows renames and deletes.
    const id = c.search(core.ctx, { q: 'alpine' })[0]!.id;
    c.updateOrganization(core.ctx, { id, name: 'Summit Creamery' });
    expect(hits('alpnie')).toEqual([]);
    expect(hits('sumit')).toEqual(['organizations:Summit Creamery']);
    c.deleteOrganization(core.ctx, { id });
    expect(hits('sumit')).toEqual([]);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('fills the trigram index when a table arrives in bulk from the server', () => {
    const [org] = perfData(core.workspaceId, new Date('2026-03-01T00:00:00Z'), 0.01).organizations;
    core.t.replica.fromServer.replaceRows(
      'organizations',
      [{ ...org!, name: 'Ricotta Brothers' }],
      {
        shape: { handle: 'h', offset: '0_0' },
      },
    );
    expect(hits('ricota')).toEqual(['organizations:Ricotta Brothers']);
  });
});

describe('fuzzy name matching', () => {
  it('counts edits with neighbours swapped as one, and gives up above the bound', () => {
    expect(editDistance('ricota', 'ricotta', 2)).toBe(1);
    expect(editDistance('alpnie', 'alpine', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    expect(queryWords('Crème  brûlée!')).toEqual(['creme', 'brulee']);
    const marks = { start: '[', end: ']' };
    expect(fuzzyNameMatch(['cafe'], 'Café Rouge', marks)).toEqual({
      distance: 0,
      marked: '[Café] Rouge',
    });
    expect(fuzzyNameMatch(['cat'], 'Cot Inc', marks)).toBeNull(); // short words must be exact
  });
});
