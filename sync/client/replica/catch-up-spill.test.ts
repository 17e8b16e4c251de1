/**
 * A catch-up spilled to disk on a real SQLite file: answers before the
 * up-to-date are kept in catch_up_changes (nothing visible yet), the up-to-date
 * applies them in arrival order with the last answer in one transaction (search
 * included) and empties the spill; a restart's leftovers are dropped; a file
 * of the previous local version gains the table on open.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { SPILL_PAGE } from './catch-up-spill.ts';
import { LATEST_LOCAL_VERSION } from './migrations.ts';
import { Replica } from './replica.ts';
import { uuidv7 } from './uuidv7.ts';

const WS = '0193a8c4-6b1e-7c3a-9f00-0000000000ff';
const USER = '0193a8c4-6b1e-7c3a-9f00-0000000000aa';
const POS = { handle: 'h-1', offset: '10_0' };

function org(id: string, name: string) {
  return {
    id,
    workspace_id: WS,
    name,
    is_principal: false,
    is_distributor: false,
    city: 'Austin',
    created_at: '2026-03-01 09:00:00.123456+00',
    updated_at: '2026-03-01 09:00:00.123456+00',
    created_by: USER,
    updated_by: USER,
    deleted_at: null,
  };
}

let t: TempReplica;
afterEach(() => t?.cleanup());

const spilled = (t: TempReplica) =>
  (t.replica.prepare('SELECT count(*) AS n FROM catch_up_changes').get() as { n: number }).n;
const names = (t: TempReplica) =>
  (
    t.replica.prepare('SELECT name FROM organizations ORDER BY name').all() as { name: string }[]
  ).map((r) => r.name);

describe('catch-up spill', () => {
  it('keeps answers on disk until the up-to-date, then applies them in order with the last answer', () => {
    t = openTempReplica();
    const server = t.replica.fromServer;
    const a = uuidv7();
    const b = uuidv7();
    // More than a page, so the read-back pages through the spill.
    const many = Array.from({ length: SPILL_PAGE + 20 }, (_, i) => ({
      op: 'insert' as const,
      row: org(uuidv7(), `Bulk ${String(i).padStart(4, '0')}`),
    }));
    server.spillChanges('organizations', [{ op: 'insert', row: org(a, 'Alpha Deli') }, ...many]);
    server.spillChanges('organizations', [
      { op: 'update', row: { id: a, name: 'Alpha Grill' }, txids: [BigInt(4_000_000_123)] },
      { op: 'insert', row: org(b, 'Beta Bakery') },
    ]);
    expect(spilled(t)).toBe(many.length + 3);
    expect(names(t)).toEqual([]);
    const report = server.applyWithSpill('organizations', [{ op: 'delete', row: { id: b } }], {
      shape: POS,
      upToDate: true,
    });
    // The update came after the insert and the delete after both: arrival order held.
    expect(names(t)).toContain('Alpha Grill');
    expect(names(t)).not.toContain('Beta Bakery');
    expect(names(t)).toHaveLength(many.length + 1);
    expect(report.deleted).toBe(1);
    expect(spilled(t)).toBe(0);
    expect(server.shapeState('organizations')).toMatchObject(POS);
    // Search follows the applied rows (the rename is findable, the deleted record is not).
    const found = t.replica
      .prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'grill'`)
      .get() as { n: number };
    expect(found.n).toBe(1);
  });

  it("applies an answer that ends at its up-to-date directly, and drops a stopped run's leftovers", () => {
    t = openTempReplica();
    const server = t.replica.fromServer;
    server.applyWithSpill('organizations', [{ op: 'insert', row: org(uuidv7(), 'Direct Diner') }], {
      shape: POS,
      upToDate: true,
    });
    expect(names(t)).toEqual(['Direct Diner']);
    server.spillChanges('organizations', [{ op: 'insert', row: org(uuidv7(), 'Left Over') }]);
    server.spillChanges('contacts', [{ op: 'delete', row: { id: uuidv7() } }]);
    // A restarted stream: the saved position was not advanced, the changes come again.
    server.dropSpill('organizations');
    expect(spilled(t)).toBe(1);
    expect(names(t)).toEqual(['Direct Diner']);
  });

  it('upgrades a replica of local version 4 in place, keeping its rows', () => {
    t = openTempReplica();
    t.replica.fromServer.applyChanges(
      'organizations',
      [{ op: 'insert', row: org(uuidv7(), 'Kept Cafe') }],
      { shape: POS, upToDate: true },
    );
    t.replica.close();
    // The file as version 4 left it: no spill table (nor link_facts, step 6), no record of step 5
    // or later (steps 7 and 10 run again over their own results, which they allow).
    const raw = new Database(t.file);
    raw.exec('DROP TABLE catch_up_changes; DROP TABLE link_facts; DROP TABLE link_fact_counts; DELETE FROM local_migrations WHERE version >= 5');
    raw.close();
    t.replica = Replica.open(t.file);
    // Every later step ran (each allows running over its own result).
    expect(t.replica.prepare('SELECT max(version) AS v FROM local_migrations').get()).toEqual({ v: LATEST_LOCAL_VERSION });
    expect(names(t)).toEqual(['Kept Cafe']);
    expect(spilled(t)).toBe(0);
    expect(t.replica.fromServer.shapeState('organizations')).toMatchObject(POS);
  });
});
