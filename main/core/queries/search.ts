/**
 * Global search over organizations, contacts, products, opportunities and
 * interaction notes, in three bands, each ranked within itself:
 *   1. names that match every word typed (each as a prefix): organizations and
 *      contacts before products and opportunities, then by bm25;
 *   2. names within a typo or two of what was typed (trigram candidates, edit
 *      distance), in the same order of kinds, then the closest first;
 *   3. anything else that matches in a name or the text (FTS5 bm25, title 10 : body 1).
 * So "alpine" lists the Alpine principal before its five Alpine products, and
 * "ricota" finds Ricotta.
 */
import type { z } from 'zod';
import {
  SEARCH_TABLES,
  searchSnippets,
  timestampDaySql,
  toFtsQuery,
  type SearchTable,
} from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { fuzzyNameMatch, queryWords, trigramQuery } from './fuzzy-name.ts';
import { searchInput } from '../../ipc/contract/index.ts';

export { searchInput };

/** Snippet highlight marks: the matched words are between MARK_START and MARK_END. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';
const SNIPPET_MARKS = { start: MARK_START, end: MARK_END, ellipsis: '…', tokens: 12 };

export interface SearchHit {
  table: SearchTable;
  id: string;
  title: string;
  subtitle: string | null;
  snippet: string;
  pending: boolean;
}

/** Title and subtitle of each kind of record, over alias `t`. */
const DISPLAY: Record<SearchTable, { title: string; subtitle: string }> = {
  organizations: { title: 't.name', subtitle: `nullif(concat_ws(' · ', t.segment, t.city), '')` },
  contacts: {
    title: `trim(concat_ws(' ', t.first_name, t.last_name))`,
    subtitle: `(SELECT o.name FROM organizations o WHERE o.id = t.organization_id)`,
  },
  products: {
    title: 't.name',
    subtitle: `(SELECT o.name FROM organizations o WHERE o.id = t.principal_id)`,
  },
  opportunities: {
    title: 't.name',
    subtitle: `concat_ws(' · ', t.stage, (SELECT o.name FROM organizations o WHERE o.id = t.organization_id))`,
  },
  interactions: {
    title: `t.interaction_type || ' · ' || ${timestampDaySql('t.interaction_date')}`,
    subtitle: `(SELECT o.name FROM organizations o WHERE o.id = t.organization_id)`,
  },
};

/** Kinds whose name answers a search first: the companies and people a user is looking for. */
const NAME_BANDS: readonly (readonly SearchTable[])[] = [
  ['organizations', 'contacts'],
  ['products', 'opportunities'],
];
/** Trigram candidates read per search; the edit distance then keeps the close ones. */
const FUZZY_CANDIDATES = 300;

interface Doc {
  table_name: SearchTable;
  row_id: string;
  snippet: string;
}

function ftsDocs(ctx: CoreContext, fts: string, limit: number): Doc[] {
  // FTS5 ranks and limits by itself (rank is configured in the table); only the top rows get snippets.
  const top = ctx.replica
    .stmt(
      `SELECT f.rowid AS doc, d.table_name, d.row_id
       FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?) f
       JOIN search_docs d ON d.doc = f.rowid
       ORDER BY f.rank`,
    )
    .all(fts, limit) as { doc: number; table_name: SearchTable; row_id: string }[];
  const snippets = searchSnippets(ctx.replica, top.map((t) => t.doc), fts, SNIPPET_MARKS);
  return top.map((t) => {
    const s = snippets.get(t.doc);
    // The name's snippet when the match is in the name, else the text's.
    const snippet = s?.title?.includes(MARK_START) ? s.title : (s?.body ?? '');
    return { table_name: t.table_name, row_id: t.row_id, snippet };
  });
}

/** Names within a few edits of the words typed, closest first, organizations and contacts ahead. */
function fuzzyDocs(ctx: CoreContext, q: string, kinds: readonly SearchTable[]): Doc[] {
  const words = queryWords(q);
  const grams = trigramQuery(words);
  if (!grams) return [];
  const candidates = ctx.replica
    .stmt(
      `SELECT d.table_name, d.row_id, n.title FROM search_names n JOIN search_docs d ON d.doc = n.rowid
       WHERE search_names MATCH ? ORDER BY n.rank LIMIT ${FUZZY_CANDIDATES}`,
    )
    .all(grams) as { table_name: SearchTable; row_id: string; title: string }[];
  const band = (t: SearchTable) => NAME_BANDS.findIndex((b) => b.includes(t));
  const close: (Doc & { band: number; distance: number })[] = [];
  for (const c of candidates) {
    if (!kinds.includes(c.table_name)) continue;
    const m = fuzzyNameMatch(words, c.title, { start: MARK_START, end: MARK_END });
    if (m) close.push({ ...c, snippet: m.marked, band: band(c.table_name), distance: m.distance });
  }
  return close.sort((a, b) => a.band - b.band || a.distance - b.distance);
}

export function search(ctx: CoreContext, input: z.input<typeof searchInput>): SearchHit[] {
  const p = searchInput.parse(input);
  const kinds = p.tables ?? SEARCH_TABLES;
  const anywhere = toFtsQuery(p.q, p.tables);
  if (!anywhere) return [];
  // Documents of other workspaces are dropped below, so each band reads a margin over the limit.
  const docs: Doc[] = [];
  for (const band of NAME_BANDS) {
    const inBand = band.filter((t) => kinds.includes(t));
    const byName = inBand.length ? toFtsQuery(p.q, inBand, 'title') : null;
    if (byName) docs.push(...ftsDocs(ctx, byName, p.limit * 2));
  }
  // Typos are looked for only while exact names leave room on the page (the common words are the costly ones).
  if (docs.length < p.limit) docs.push(...fuzzyDocs(ctx, p.q, kinds));
  docs.push(...ftsDocs(ctx, anywhere, p.limit * 2));
  const out: SearchHit[] = [];
  const seen = new Set<string>();
  for (const h of docs) {
    const key = `${h.table_name}:${h.row_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d = DISPLAY[h.table_name];
    const row = ctx.replica
      .stmt(
        `SELECT ${d.title} AS title, ${d.subtitle} AS subtitle, t._pending FROM ${h.table_name} t WHERE t.id = ? AND t.workspace_id = ?`,
      )
      .get(h.row_id, ctx.workspaceId) as
      { title: string; subtitle: string | null; _pending: number } | undefined;
    if (!row) continue;
    out.push({
      table: h.table_name,
      id: h.row_id,
      title: row.title,
      subtitle: row.subtitle,
      snippet: h.snippet,
      pending: row._pending === 1,
    });
    if (out.length === p.limit) break;
  }
  return out;
}

export const searchQuery = defineQuery({
  name: 'search',
  tables: ['organizations', 'contacts', 'products', 'opportunities', 'interactions'],
  input: searchInput,
  run: search,
});
