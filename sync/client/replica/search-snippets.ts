/**
 * Snippets of search results. search_fts is contentless (search-index.ts), so
 * FTS5's snippet() has no text to cut from there: the few documents a search
 * shows are copied, from the rows' current text (which is what the index
 * holds), into a temporary FTS5 table with search_fts's columns and tokenizer,
 * and the same query runs there. snippet() scores fragments from the row's own
 * text and the query alone (no corpus statistics), so the result is what the
 * stored copy gave. A few dozen short documents per search, in memory
 * (temp_store = MEMORY), emptied after each use.
 */
import type Database from 'better-sqlite3';
import { q } from './ddl.ts';
import { SEARCH_SOURCES, isSearchTable } from './search-index.ts';

/** search_fts's tokenizer (local migration 1; migration 7 kept it). */
const TOKENIZER = `unicode61 remove_diacritics 2`;

interface Conn {
  db: Database.Database;
  /** Ids as uuid text (uuid-blob.ts). */
  stmt(sql: string): Database.Statement;
  /** Values as given: a document's text stays text even when it looks like a uuid. */
  rawStmt(sql: string): Database.Statement;
}

export interface SnippetMarks {
  start: string;
  end: string;
  ellipsis: string;
  tokens: number;
}

export interface DocSnippets {
  title: string | null;
  body: string | null;
}

/**
 * The title and body snippets of documents `docs` (search_docs.doc) for FTS5
 * query `fts`, as snippet(search_fts, 0 | 1, ...) would give them; documents
 * the query does not match in their current text are absent.
 */
export function searchSnippets(
  c: Conn,
  docs: readonly number[],
  fts: string,
  m: SnippetMarks,
): Map<number, DocSnippets> {
  const out = new Map<number, DocSnippets>();
  if (docs.length === 0) return out;
  c.db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_snippet_docs USING fts5(title, body, kind, tokenize = '${TOKENIZER}')`,
  );
  const locate = c.stmt('SELECT table_name, row_id FROM search_docs WHERE doc = ?');
  const add = c.rawStmt('INSERT INTO temp.search_snippet_docs (rowid, title, body, kind) VALUES (?, ?, ?, ?)');
  const clear = c.rawStmt('DELETE FROM temp.search_snippet_docs');
  const marks = (col: number) =>
    `snippet(search_snippet_docs, ${col}, @start, @end, @ellipsis, @tokens)`;
  const find = c.rawStmt(
    `SELECT rowid AS doc, ${marks(0)} AS title, ${marks(1)} AS body
     FROM temp.search_snippet_docs WHERE search_snippet_docs MATCH @fts`,
  );
  // One transaction (a savepoint inside the caller's): FTS5 writes its segment once, not per document.
  c.db.transaction(() => {
    for (const doc of docs) {
      const at = locate.get(doc) as { table_name: string; row_id: string } | undefined;
      if (!at || !isSearchTable(at.table_name)) continue;
      const src = SEARCH_SOURCES[at.table_name];
      const text = c
        .stmt(`SELECT ${src.title} AS title, ${src.body} AS body FROM ${q(at.table_name)} WHERE id = ?`)
        .get(at.row_id) as { title: string; body: string } | undefined;
      if (text) add.run(doc, text.title, text.body, at.table_name);
    }
    for (const r of find.all({ fts, ...m }) as ({ doc: number } & DocSnippets)[])
      out.set(r.doc, { title: r.title, body: r.body });
    clear.run();
  })();
  return out;
}
