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
 * Layout: `search_docs(doc, table_name, row_id)` gives each record a stable
 * integer doc id; `search_fts(title, body, kind)` holds the text under that
 * rowid, kind being the table (so a search of some kinds is one MATCH). Content
 * is stored (not contentless) so results can carry snippet(); the ranking
 * (bm25, title 10 : body 1) is configured in the table, so `ORDER BY rank
 * LIMIT n` is answered inside FTS5 without sorting every match.
 * `search_names(title)` (local migration 3) holds the same non-empty titles,
 * under the same rowid, tokenized into trigrams: the candidates of a search
 * with a typo in a name.
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

interface Stmts {
  stmt(sql: string): Database.Statement;
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
  const findDoc = s.stmt('SELECT doc FROM search_docs WHERE table_name = ? AND row_id = ?');
  const current = s.stmt('SELECT title, body FROM search_fts WHERE rowid = ?');
  const addDoc = s.stmt('INSERT INTO search_docs (table_name, row_id) VALUES (?, ?)');
  const write = s.stmt(
    'INSERT OR REPLACE INTO search_fts (rowid, title, body, kind) VALUES (?, ?, ?, ?)',
  );
  const dropText = s.stmt('DELETE FROM search_fts WHERE rowid = ?');
  const dropName = s.stmt('DELETE FROM search_names WHERE rowid = ?');
  const writeName = s.stmt('INSERT INTO search_names (rowid, title) VALUES (?, ?)');
  const name = (doc: number, title: string) => {
    dropName.run(doc);
    if (title) writeName.run(doc, title);
  };
  const dropDoc = s.stmt('DELETE FROM search_docs WHERE doc = ?');
  for (const id of ids) {
    const row = read.get(id) as { title: string; body: string } | undefined;
    const doc = (findDoc.get(table, id) as { doc: number } | undefined)?.doc;
    if (row) {
      if (doc === undefined) {
        const added = Number(addDoc.run(table, id).lastInsertRowid);
        write.run(added, row.title, row.body, table);
        name(added, row.title);
      } else {
        const old = current.get(doc) as { title: string; body: string } | undefined;
        if (!old || old.title !== row.title || old.body !== row.body)
          write.run(doc, row.title, row.body, table);
        if (!old || old.title !== row.title) name(doc, row.title);
      }
    } else if (doc !== undefined) {
      dropText.run(doc);
      dropName.run(doc);
      dropDoc.run(doc);
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
    `INSERT INTO search_docs (table_name, row_id) SELECT ?, id FROM ${q(table)} WHERE deleted_at IS NULL`,
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
