/**
 * Full-text search (FTS5) over the merged rows of organizations, contacts,
 * products, opportunities and interaction notes. Only live rows (deleted_at
 * IS NULL) are indexed.
 *
 * Kept by the application inside the same transactions that change the rows,
 * not by triggers: PERF-NOTES measured half the cost, and the merged state
 * spans two tables (synced + overlay) that a trigger on either would see only
 * half of. A document is rewritten only when its text changed, and a bulk load
 * rebuilds a table's documents in two set-based statements.
 *
 * Layout: `search_docs(doc, table_name, row_id, text_hash)` gives each record a
 * stable integer doc id and a hash of the text it is indexed under;
 * `search_fts(title, body, kind)` holds the index under that rowid, kind being
 * the table (so a search of some kinds is one MATCH). Since local migration 7
 * search_fts is contentless (`contentless_delete=1`): the text is in the
 * replicated rows already, and its stored copy was 17 of 260 MiB (issue 13).
 * An external-content table would not do: removing a document's terms needs
 * its old text, which the row no longer has once it changed. So
 * - whether the text changed is told by `text_hash` (search_text_hash(), a
 *   function each connection registers: registerSearchFunctions);
 * - snippets are made for the few top results by search-snippets.ts from the
 *   rows' current text, which is what the index holds.
 * The ranking (bm25, title 10 : body 1) is configured in the table, so `ORDER
 * BY rank LIMIT n` is answered inside FTS5 without sorting every match.
 * `search_names(title)` (local migration 3) holds the same non-empty titles,
 * under the same rowid, tokenized into trigrams: the candidates of a search
 * with a typo in a name (small, and its titles are read back: it keeps content).
 */
import type Database from 'better-sqlite3';
import type { TableName } from '../../schema/index.ts';
import { q } from './ddl.ts';

export const SEARCH_TABLES = [
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'interactions',
] as const;
export type SearchTable = (typeof SEARCH_TABLES)[number];

/** SQL expressions over a row of the table's view: the heavily weighted title and the body. */
export const SEARCH_SOURCES: Record<SearchTable, { title: string; body: string }> = {
  organizations: {
    title: `coalesce(name, '')`,
    body: `concat_ws(' ', segment, city, region, country, website, email, phone, notes)`,
  },
  contacts: {
    title: `concat_ws(' ', first_name, last_name)`,
    body: `concat_ws(' ', title, email, phone, notes)`,
  },
  products: { title: `coalesce(name, '')`, body: `concat_ws(' ', sku, category, description)` },
  opportunities: { title: `coalesce(name, '')`, body: `concat_ws(' ', stage, context, notes)` },
  interactions: { title: `''`, body: `coalesce(notes, '')` },
};

/** Changes when SEARCH_SOURCES does, so an app update rebuilds the index. */
export const SEARCH_FINGERPRINT = `v2|${JSON.stringify(SEARCH_SOURCES)}`;

export function isSearchTable(t: string): t is SearchTable {
  return (SEARCH_TABLES as readonly string[]).includes(t);
}

/**
 * A 53-bit hash (cyrb53: two 32-bit multiply-xorshift lanes) of a document's
 * title and body: enough to tell a changed text from the same one (a miss would
 * need a collision between a record's own two versions), a plain integer in
 * SQLite and JavaScript alike, and cheap: it runs once per document in a bulk
 * rebuild (a SHA-1 per document, through node:crypto, cost 5x more there).
 */
export function searchTextHash(title: string, body: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  };
  mix(title);
  mix('\u0000');
  mix(body);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Registers search_text_hash(title, body) on a connection: the SQL side of searchTextHash. */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('search_text_hash', { deterministic: true }, (title: unknown, body: unknown) =>
    searchTextHash(String(title ?? ''), String(body ?? '')),
  );
}

interface Stmts {
  /** Ids as uuid text (uuid-blob.ts). */
  stmt(sql: string): Database.Statement;
  /** Values as given: the documents' text, which may look like a uuid and is still text. */
  rawStmt(sql: string): Database.Statement;
}

/**
 * Brings the search documents of the given records up to date with the merged
 * view. Cheap when nothing changed: one lookup per record, no FTS write.
 */
export function reindexRecords(s: Stmts, table: TableName, ids: Iterable<string>): void {
  if (!isSearchTable(table)) return;
  const src = SEARCH_SOURCES[table];
  const read = s.stmt(
    `SELECT ${src.title} AS title, ${src.body} AS body FROM ${q(table)} WHERE id = ? AND deleted_at IS NULL`,
  );
  const findDoc = s.stmt('SELECT doc, text_hash FROM search_docs WHERE table_name = ? AND row_id = ?');
  const addDoc = s.stmt('INSERT INTO search_docs (table_name, row_id, text_hash) VALUES (?, ?, ?)');
  const setHash = s.stmt('UPDATE search_docs SET text_hash = ? WHERE doc = ?');
  const write = s.rawStmt(
    'INSERT OR REPLACE INTO search_fts (rowid, title, body, kind) VALUES (?, ?, ?, ?)',
  );
  const dropText = s.rawStmt('DELETE FROM search_fts WHERE rowid = ?');
  const dropName = s.rawStmt('DELETE FROM search_names WHERE rowid = ?');
  const writeName = s.rawStmt('INSERT INTO search_names (rowid, title) VALUES (?, ?)');
  const name = (doc: number, title: string) => {
    dropName.run(doc);
    if (title) writeName.run(doc, title);
  };
  const dropDoc = s.stmt('DELETE FROM search_docs WHERE doc = ?');
  for (const id of ids) {
    const row = read.get(id) as { title: string; body: string } | undefined;
    const found = findDoc.get(table, id) as { doc: number; text_hash: number | null } | undefined;
    if (row) {
      const hash = searchTextHash(row.title, row.body);
      if (found === undefined) {
        const added = Number(addDoc.run(table, id, hash).lastInsertRowid);
        write.run(added, row.title, row.body, table);
        name(added, row.title);
      } else if (found.text_hash !== hash) {
        // The old title is not kept either: the name document is rewritten with the text (both small).
        write.run(found.doc, row.title, row.body, table);
        setHash.run(hash, found.doc);
        name(found.doc, row.title);
      }
    } else if (found !== undefined) {
      dropText.run(found.doc);
      dropName.run(found.doc);
      dropDoc.run(found.doc);
    }
  }
}

/** Rebuilds every document of one table from its merged view (bulk loads, refetches, schema changes). */
export function rebuildSearchFor(db: Database.Database, table: SearchTable): void {
  const src = SEARCH_SOURCES[table];
  db.prepare(
    'DELETE FROM search_fts WHERE rowid IN (SELECT doc FROM search_docs WHERE table_name = ?)',
  ).run(table);
  db.prepare(
    'DELETE FROM search_names WHERE rowid IN (SELECT doc FROM search_docs WHERE table_name = ?)',
  ).run(table);
  db.prepare('DELETE FROM search_docs WHERE table_name = ?').run(table);
  db.prepare(
    `INSERT INTO search_docs (table_name, row_id, text_hash)
     SELECT ?, id, search_text_hash(${src.title}, ${src.body}) FROM ${q(table)} WHERE deleted_at IS NULL`,
  ).run(table);
  // FTS5 takes ascending rowids an order of magnitude faster than scattered ones. The table's
  // documents were just numbered in one run, so they are read in rowid order over that range
  // (CROSS JOIN keeps search_docs outer, `+` keeps it off the (table_name, row_id) index):
  // no sort, which would hold every body at once (temp_store is memory) and grow with the table.
  const range = db
    .prepare('SELECT min(doc) AS lo, max(doc) AS hi FROM search_docs WHERE table_name = ?')
    .get(table) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return;
  db.prepare(
    `INSERT INTO search_fts (rowid, title, body, kind)
     SELECT d.doc, ${src.title}, ${src.body}, d.table_name
     FROM search_docs d CROSS JOIN ${q(table)} v ON v.id = d.row_id
     WHERE d.doc BETWEEN ? AND ? AND +d.table_name = ?
     ORDER BY d.doc`,
  ).run(range.lo, range.hi, table);
  db.prepare(
    `INSERT INTO search_names (rowid, title)
     SELECT d.doc, ${src.title} AS title
     FROM search_docs d CROSS JOIN ${q(table)} v ON v.id = d.row_id
     WHERE d.doc BETWEEN ? AND ? AND +d.table_name = ? AND ${src.title} <> ''
     ORDER BY d.doc`,
  ).run(range.lo, range.hi, table);
}

/**
 * Turns what a user typed into an FTS5 query over titles and bodies (or titles
 * only): every word must match, each as a prefix.
 */
export function toFtsQuery(
  text: string,
  kinds?: readonly SearchTable[],
  columns: 'title' | 'title_and_body' = 'title_and_body',
): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}@.'_-]+/u)
    .map((w) => w.replace(/"/g, '').replace(/^[.'_-]+|[.'_-]+$/g, ''))
    .filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const matchText = `${columns === 'title' ? 'title' : '{title body}'} : (${words.map((w) => `"${w}"*`).join(' ')})`;
  return kinds ? `kind : (${kinds.join(' OR ')}) AND ${matchText}` : matchText;
}
