/**
 * Global search over organizations, contacts, products, opportunities and
 * interaction notes (FTS5, ranked by bm25 with the title weighted 10:1 over the
 * body). Every word typed must match, each as a prefix.
 */
import { z } from 'zod';
import { SEARCH_TABLES, toFtsQuery, type SearchTable } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';

export const searchInput = z.strictObject({
  q: z.string().trim().min(1, { error: 'type something to search for' }).max(200),
  // An empty list would reach FTS5 as `kind : ()`, a syntax error: leave it out to search every kind.
  tables: z
    .array(z.enum(SEARCH_TABLES))
    .min(1, { error: 'name at least one kind of record, or leave tables out to search them all' })
    .optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** Snippet highlight marks: the matched words are between MARK_START and MARK_END. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

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
    title: `t.interaction_type || ' · ' || substr(t.interaction_date, 1, 10)`,
    subtitle: `(SELECT o.name FROM organizations o WHERE o.id = t.organization_id)`,
  },
};

export function search(ctx: CoreContext, input: z.input<typeof searchInput>): SearchHit[] {
  const p = searchInput.parse(input);
  const fts = toFtsQuery(p.q, p.tables);
  if (!fts) return [];
  const mark = (col: number) =>
    `snippet(search_fts, ${col}, '${MARK_START}', '${MARK_END}', '…', 12)`;
  // FTS5 ranks and limits by itself (rank is configured in the table); only the top rows get snippets and joins.
  // Documents of other workspaces are dropped below, so a margin keeps a page full.
  const hits = ctx.replica
    .stmt(
      `SELECT d.table_name, d.row_id,
              CASE WHEN instr(f.title_snippet, '${MARK_START}') > 0 THEN f.title_snippet ELSE f.body_snippet END AS snippet
       FROM (SELECT rowid, rank, ${mark(0)} AS title_snippet, ${mark(1)} AS body_snippet
             FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?) f
       JOIN search_docs d ON d.doc = f.rowid
       ORDER BY f.rank`,
    )
    .all(fts, p.limit * 2) as { table_name: SearchTable; row_id: string; snippet: string }[];
  const out: SearchHit[] = [];
  for (const h of hits) {
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
