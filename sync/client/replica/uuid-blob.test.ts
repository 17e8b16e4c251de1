/**
 * uuid-blob.ts on real SQLite: the statement wrapper's two conversions (which
 * values, in which forms of a statement), and where the replica's writers put
 * blobs: every uuid column of synced rows (snapshot and server change), overlay
 * rows, search documents, the outbox and own_changes.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { organizationRow } from '../testing/organization-snapshot.ts';
import { blobIdStatement, isUuidText, textParam, uuidBlob, uuidText } from './uuid-blob.ts';

let t: TempReplica | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('blobIdStatement', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE x (id TEXT PRIMARY KEY, label TEXT, raw BLOB)');
  const wrap = (sql: string) => blobIdStatement(db.prepare(sql));

  it('binds uuid text as 16 bytes and gives 16-byte blobs back as lowercase uuid text', () => {
    const id = randomUUID();
    const upper = randomUUID().toUpperCase();
    wrap('INSERT INTO x (id, label) VALUES (?, ?)').run(id, 'plain');
    wrap('INSERT INTO x (id, label) VALUES (@id, @label)').run({ id: upper, label: 'named' });
    expect(db.prepare('SELECT typeof(id) AS t, length(id) AS n FROM x').all()).toEqual([
      { t: 'blob', n: 16 },
      { t: 'blob', n: 16 },
    ]);
    expect(wrap('SELECT id, label FROM x WHERE id = ?').get(id)).toEqual({ id, label: 'plain' });
    expect(wrap('SELECT label FROM x WHERE id = ?').pluck().get(upper)).toBe('named');
    expect(wrap('SELECT id FROM x WHERE label = ?').pluck().get('named')).toBe(upper.toLowerCase());
    expect(wrap('SELECT id, label FROM x WHERE id IN (?, ?) ORDER BY label').raw().all([id, upper])).toEqual([
      [upper.toLowerCase(), 'named'],
      [id, 'plain'],
    ]);
    expect([...wrap('SELECT id FROM x ORDER BY id').iterate()]).toEqual(
      [{ id }, { id: upper.toLowerCase() }].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    db.exec('DELETE FROM x');
  });

  it('leaves every other value alone, and binds a textParam as text', () => {
    const id = randomUUID();
    const notQuite = [`${id}x`, id.replace(/-/g, ''), `{${id}}`, `${id.slice(0, 35)}g`];
    for (const v of notQuite) expect(isUuidText(v), v).toBe(false);
    const insert = wrap('INSERT INTO x (id, label, raw) VALUES (?, ?, ?)');
    notQuite.forEach((v, i) => insert.run(v, `n${i}`, Buffer.alloc(i + 15)));
    insert.run(textParam(id), 'as text', null);
    expect(db.prepare('SELECT typeof(id) AS t, count(*) AS n FROM x GROUP BY 1').all()).toEqual([{ t: 'text', n: 5 }]);
    // Blobs other than 16 bytes come back as they are; a 16-byte one (only ids are) as text.
    const raws = wrap('SELECT raw FROM x WHERE raw IS NOT NULL ORDER BY length(raw)').pluck().all() as unknown[];
    expect(raws.map((r) => (typeof r === 'string' ? 'text' : (r as Buffer).length))).toEqual([15, 'text', 17, 18]);
    expect(wrap('SELECT label FROM x WHERE id = ?').pluck().get(textParam(id))).toBe('as text');
    expect(wrap('SELECT label FROM x WHERE id = ?').pluck().get(id)).toBeUndefined();
    db.exec('DELETE FROM x');
  });

  it('round-trips text and bytes', () => {
    const id = randomUUID();
    expect(uuidText(uuidBlob(id))).toBe(id);
    expect(uuidBlob(id).length).toBe(16);
  });
});

describe('the replica stores ids as blobs', () => {
  it('in synced rows, overlays, search documents, the outbox and own_changes', () => {
    t = openTempReplica({ actorId: randomUUID() });
    const r = t.replica;
    const ws = randomUUID();
    const [a, b] = [
      organizationRow('Alpha Foods', 'a note', { workspace_id: ws }),
      organizationRow('Beta Foods', 'another', { workspace_id: ws }),
    ];
    r.fromServer.replaceRows('organizations', [a], { shape: { handle: 'h', offset: '0_0' } });
    r.fromServer.applyChanges('organizations', [{ op: 'insert', row: b }], { shape: { handle: 'h', offset: '1_0' } });
    r.outbox.enqueue([{ table: 'organizations', op: 'update', row_id: a.id as string, changes: { name: 'Alpha Prime' } }]);
    const kinds = (sql: string) => (r.db.prepare(sql).all() as { t: string }[]).map((x) => x.t);
    expect(kinds('SELECT DISTINCT typeof(id) || typeof(workspace_id) AS t FROM organizations_synced')).toEqual(['blobblob']);
    expect(kinds('SELECT DISTINCT typeof(id) || typeof(workspace_id) AS t FROM organizations_local')).toEqual(['blobblob']);
    expect(kinds('SELECT DISTINCT typeof(row_id) AS t FROM search_docs')).toEqual(['blob']);
    expect(kinds('SELECT DISTINCT typeof(mutation_id) || typeof(row_id) AS t FROM outbox')).toEqual(['blobblob']);
    expect(kinds('SELECT DISTINCT typeof(mutation_id) || typeof(row_id) AS t FROM own_changes')).toEqual(['blobblob']);
    // Callers see text, and the merged view joins blob with blob.
    expect(r.getRow('organizations', a.id as string)).toMatchObject({ id: a.id, workspace_id: ws, name: 'Alpha Prime', _pending: 1 });
    const [entry] = r.outbox.nextBatch();
    expect(entry).toMatchObject({ row_id: a.id, table: 'organizations' });
    expect(isUuidText(entry!.mutation_id)).toBe(true);
    expect(r.checkIntegrity()).toEqual([]);
  });
});
