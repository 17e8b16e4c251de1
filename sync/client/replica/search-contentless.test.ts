/**
 * search_fts without a copy of the text (local migration 7), on real SQLite
 * files: a replica of the previous local version (5, the content-keeping
 * table) opens, migrates and answers the same searches with the same
 * snippets; text changes and deletions reach the index through the hash;
 * the integrity check sees a stale document.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempReplica, type TempReplica } from '../testing/temp-replica.ts';
import { q } from './ddl.ts';
import { LATEST_LOCAL_VERSION } from './migrations.ts';
import { Replica } from './replica.ts';
import { SEARCH_SOURCES, SEARCH_TABLES, searchTextHash, toFtsQuery } from './search-index.ts';
import { searchSnippets } from './search-snippets.ts';
import { uuidv7 } from './uuidv7.ts';
import { uuidTextSql } from './uuid-blob.ts';
import { organizationRow } from '../testing/organization-snapshot.ts';

const POS = { handle: 'h-1', offset: '10_0' };
const MARKS = { start: '[', end: ']', ellipsis: '…', tokens: 12 };

const ORGS: [string, string][] = [
  ['Prairie Pantry', 'Asked for the ricotta samples again; the chef prefers whole milk ricotta for lasagna.'],
  ['Alpine Foods', 'Menu review with the owner. Café crème brûlée special, samples of mascarpone next week.'],
  ['Harbor Grill', 'No answer. Left a voicemail about the seafood line and the new olive oil.'],
  ["O'Brien Deli", 'Email sent to ops@obrien-deli.example with the price sheet; follow up on sample pricing.'],
  ['Lakeside Bistro', 'Long note '.repeat(40) + 'with a sample at the very end.'],
];
const QUERIES = ['sample', 'ricotta', 'creme brulee', 'ops@obrien-deli.example', "o'brien", 'pantry', 'voicemail olive'];

let t: TempReplica;
afterEach(() => t?.cleanup());

function seed(r: Replica): string[] {
  const ids = ORGS.map(() => uuidv7());
  r.fromServer.applyChanges(
    'organizations',
    ORGS.map(([name, notes], i) => ({ op: 'insert' as const, row: organizationRow(name, notes, { id: ids[i]!, city: 'Austin' }) })),
    { shape: POS, upToDate: true },
  );
  return ids;
}

/** Ranked record ids of a search, as the search query reads them. */
function ranked(db: Database.Database, text: string): string[] {
  return (
    db
      .prepare(
        `SELECT ${uuidTextSql('d.row_id')} AS row_id FROM search_fts f JOIN search_docs d ON d.doc = f.rowid
         WHERE search_fts MATCH ? ORDER BY f.rank`,
      )
      .all(toFtsQuery(text)) as { row_id: string }[]
  ).map((r) => r.row_id);
}

/** A version 5 replica: search_fts as local migration 1 made it, holding its copy of the text (and no link_facts, step 6). */
function downgradeToVersion5(file: string): void {
  const raw = new Database(file);
  raw.exec(`
    DROP TABLE search_fts;
    CREATE VIRTUAL TABLE search_fts USING fts5(title, body, kind, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');
    ALTER TABLE search_docs DROP COLUMN text_hash;
    DROP TABLE link_facts;
    DROP TABLE link_fact_counts;
    DELETE FROM local_migrations WHERE version > 5;
  `);
  for (const table of SEARCH_TABLES) {
    const src = SEARCH_SOURCES[table];
    raw
      .prepare(
        `INSERT INTO search_fts (rowid, title, body, kind)
         SELECT d.doc, ${src.title}, ${src.body}, d.table_name FROM search_docs d JOIN ${q(table)} v ON v.id = d.row_id
         WHERE d.table_name = ?`,
      )
      .run(table);
  }
  raw.close();
}

describe('contentless search index', () => {
  it('upgrades a version 5 replica: same ranked results and the same snippets, no copy of the text', () => {
    t = openTempReplica();
    seed(t.replica);
    t.replica.close();
    downgradeToVersion5(t.file);

    const old = new Database(t.file);
    const before = new Map<string, { ids: string[]; snippets: string[] }>();
    for (const text of QUERIES) {
      const snippets = old
        .prepare(
          `SELECT snippet(search_fts, 0, '[', ']', '…', 12) AS title, snippet(search_fts, 1, '[', ']', '…', 12) AS body
           FROM search_fts WHERE search_fts MATCH ? ORDER BY rank`,
        )
        .all(toFtsQuery(text)) as { title: string; body: string }[];
      before.set(text, { ids: ranked(old, text), snippets: snippets.map((s) => `${s.title}|${s.body}`) });
    }
    expect(old.prepare(`SELECT count(*) AS n FROM search_fts_content`).get()).toEqual({ n: ORGS.length });
    old.close();

    t.replica = Replica.open(t.file);
    const db = t.replica.db;
    expect(db.prepare('SELECT max(version) AS v FROM local_migrations').get()).toEqual({ v: LATEST_LOCAL_VERSION });
    // No content table any more: the text lives only in the rows.
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'search_fts_content'`).get()).toEqual({ n: 0 });
    for (const text of QUERIES) {
      const want = before.get(text)!;
      expect(want.ids.length, text).toBeGreaterThan(0);
      const ids = ranked(db, text);
      expect(ids, text).toEqual(want.ids);
      const docs = ids.map(
        (id) => (t.replica.prepare('SELECT doc FROM search_docs WHERE row_id = ?').get(id) as { doc: number }).doc,
      );
      const snippets = searchSnippets(t.replica, docs, toFtsQuery(text)!, MARKS);
      expect(docs.map((d) => `${snippets.get(d)?.title}|${snippets.get(d)?.body}`), text).toEqual(want.snippets);
    }
    expect(t.replica.checkIntegrity()).toEqual([]);
  });

  it('follows text changes and deletions, and the integrity check notices a stale document', () => {
    t = openTempReplica();
    const ids = seed(t.replica);
    const server = t.replica.fromServer;
    server.applyChanges('organizations', [{ op: 'update', row: { id: ids[2]!, notes: 'Now about truffles.' } }], { shape: POS });
    server.applyChanges('organizations', [{ op: 'delete', row: { id: ids[0]! } }], { shape: POS });
    const db = t.replica.db;
    expect(ranked(db, 'truffles')).toEqual([ids[2]]);
    expect(ranked(db, 'voicemail')).toEqual([]);
    expect(ranked(db, 'ricotta')).toEqual([]);
    expect(ranked(db, 'sample')).not.toContain(ids[0]);
    expect(t.replica.checkIntegrity()).toEqual([]);

    // A row changed behind the index's back (no reindex): its hash no longer matches.
    t.replica.prepare(`UPDATE organizations_synced SET notes = 'changed' WHERE id = ?`).run(ids[1]);
    expect(t.replica.checkIntegrity()).toEqual([`organizations ${ids[1]}: search document missing or stale`]);
  });

  it('hashes a document the same in SQL and JavaScript, and tells title from body', () => {
    t = openTempReplica();
    const sql = (a: string, b: string) =>
      (t.replica.prepare('SELECT search_text_hash(?, ?) AS h').get(a, b) as { h: number }).h;
    const pairs: [string, string][] = [['', ''], ['Ricotta', 'whole milk'], ['Ricott', 'a whole milk'], ['Café', 'crème brûlée 🍮']];
    const hashes = pairs.map(([a, b]) => searchTextHash(a, b));
    expect(pairs.map(([a, b]) => sql(a, b))).toEqual(hashes);
    expect(new Set(hashes).size).toBe(pairs.length);
    for (const h of hashes) expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
  });
});
