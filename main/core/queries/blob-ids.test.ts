/**
 * Ids are 16-byte blobs in the replica file and uuid text everywhere else
 * (sync/client/replica/uuid-blob.ts). What that must not break, through the
 * core's real commands and queries on a real file:
 * - text that happens to be in uuid form (a note, a name) stays text: stored
 *   as text, found by search, shown as typed, resolved by name in a CSV;
 * - keyset pages ordered by id keep the order of the ids' text across a page
 *   boundary (lowercase hex text sorts as the blobs' bytes do).
 */
import { randomUUID } from 'node:crypto';
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

const storageClass = (sql: string, ...args: unknown[]) =>
  (core.t.replica.db.prepare(sql).get(...args) as { t: string }).t;

describe('ids as blobs, text as text', () => {
  it('keeps a note that is a uuid as text: stored, searched, shown, synced', () => {
    const note = randomUUID();
    const id = c.logInteraction(core.ctx, {
      interaction_type: 'Note',
      contact_id: g.contact,
      notes: note,
    }).id;
    // A blob id and a text note in the same overlay row (the raw connection shows the storage).
    expect(storageClass('SELECT typeof(notes) AS t FROM interactions_local')).toBe('text');
    expect(storageClass('SELECT typeof(id) AS t FROM interactions_local')).toBe('blob');
    expect(core.t.replica.getRow('interactions', id)).toMatchObject({ id, notes: note, _pending: 1 });
    expect(c.search(core.ctx, { q: note }).map((h) => h.id)).toEqual([id]);
    core.syncAll();
    expect(storageClass('SELECT typeof(notes) AS t FROM interactions_synced WHERE notes IS NOT NULL AND length(notes) = 36')).toBe(
      'text',
    );
    expect(core.t.replica.getRow('interactions', id)).toMatchObject({ notes: note, _pending: 0 });
    expect(c.search(core.ctx, { q: note }).map((h) => h.id)).toEqual([id]);
    expect(core.t.replica.checkIntegrity()).toEqual([]);
  });

  it('resolves a CSV reference by a name that is a uuid', () => {
    const name = randomUUID();
    const org = c.createOrganization(core.ctx, { name }).id;
    const csv = ['first_name,last_name,organization_name', `Ada,Lane,${name}`].join('\n');
    const r = c.importCsv(core.ctx, { table: 'contacts', csv });
    expect(r.rows[0]!.issues).toEqual([]);
    expect(core.t.replica.getRow('contacts', r.rows[0]!.id!)).toMatchObject({ organization_id: org });
    expect(c.exportCsv(core.ctx, { table: 'contacts' }).csv).toContain(`Ada,Lane,`);
    expect(c.exportCsv(core.ctx, { table: 'contacts' }).csv).toContain(name);
  });

  it('pages by id in the order of the ids as text, across page boundaries', () => {
    // Random (v4) ids, so their order is not their creation order; one name, so the id decides.
    const ids = Array.from({ length: 23 }, () => randomUUID());
    core.serverInsert(
      'organizations',
      ids.map((id) => ({
        id,
        workspace_id: core.workspaceId,
        name: 'Same Name Foods',
        is_principal: false,
        is_distributor: false,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        deleted_at: null,
      })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = c.organizationList.run(core.ctx, {
        q: 'same name foods',
        sort: 'name',
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.rows.map((r) => r.id as string));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(seen).toEqual([...ids].sort());
    // And descending, the other way round.
    const desc = c.organizationList.run(core.ctx, { q: 'same name foods', sort: 'name', dir: 'desc', limit: 5 });
    const next = c.organizationList.run(core.ctx, {
      q: 'same name foods',
      sort: 'name',
      dir: 'desc',
      limit: 5,
      cursor: desc.next_cursor!,
    });
    expect([...desc.rows, ...next.rows].map((r) => r.id)).toEqual([...ids].sort().reverse().slice(0, 10));
  });
});
