/**
 * The principal dashboard: per principal, its opportunities, their
 * interactions, its products, the last activity, the engagement level and the
 * follow-ups due. Same counting rules as the server's
 * principal_activity_summary (0006_reporting.sql), checked by a test against
 * PostgreSQL:
 * - a principal's opportunities are the live opportunities with a live
 *   opportunity_products link to one of its products (what the server's
 *   opportunity_principals holds). Derived here from the links rather than read
 *   from the replicated opportunity_principals, so a product added offline
 *   counts at once; on synced data the two are the same set;
 * - interactions: the live interactions about the principal, each once, as
 *   the server's interaction_principals says (0015). Read from the replicated
 *   links (the server's truth), except for the interactions a pending local
 *   change may move (CHANGED_LINK_INTERACTIONS), whose links are predicted by
 *   the one rule of principal-links.ts, so an interaction logged offline counts
 *   at once; last activity is their latest interaction_date; follow-ups due:
 *   required, not done, dated today or earlier;
 * - products: live products of the principal;
 * - engagement: High within 7 days, Medium 14, Low 30, else (or never) Inactive.
 * Beside them (not in the server's view), the principal's own
 * last_interaction_at: the one "last interaction" every screen shows.
 * Performance: the server's links are read from link_facts and its counts
 * (sync/client/replica/link-facts.ts: each link with its interaction's date,
 * author and open follow-up, kept by triggers on the synced tables): a few
 * index searches per principal, none per link; opportunities from the
 * replicated opportunity_principals in index order; bench/README.md
 * "Principal dashboard facts" has the figures.
 */
import type { z } from 'zod';
import type { EngagementLevel } from '../../../sync/schema/index.ts';
import {
  LINK_FACTS,
  LINK_FACT_COUNTS,
  q,
  syncedTable,
  timestampTextOrNull,
  type SqlValue,
} from '../../../sync/client/replica/index.ts';

const SYNCED_OPPORTUNITY_PRINCIPALS = q(syncedTable('opportunity_principals'));
const SYNCED_OPPORTUNITIES = q(syncedTable('opportunities'));
const SYNCED_INTERACTIONS = q(syncedTable('interactions'));
const SYNCED_LINKS = q(syncedTable('interaction_principals'));
import {
  CHANGED_LINK_INTERACTIONS,
  CHANGED_OPPORTUNITIES,
  principalLinksSql,
} from './principal-links.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { daysBefore, resolveClock } from './time.ts';
import { principalDashboardInput } from '../../ipc/contract/index.ts';

export { principalDashboardInput };

export interface PrincipalSummary {
  principal_id: string;
  name: string;
  opportunities_count: number;
  interactions_count: number;
  products_count: number;
  last_activity_at: string | null;
  engagement_level: EngagementLevel;
  follow_ups_due_count: number;
  /** The organization's own column, as its list and page show it (activity above is through its products). */
  last_interaction_at: string | null;
}

/**
 * Mine / Team (@me is the user on Mine, NULL on Team): on Mine an interaction
 * counts when I logged it (one logged here and not yet synced has no author
 * yet: mine), a follow-up when it is assigned to me, an opportunity when I own
 * it; as the interactions, follow-ups and opportunities lists scope them.
 * Over rows with link_facts' columns (interaction_date, created_by,
 * open_follow_up_date, open_follow_up_assignee_id), aggregated per principal.
 */
const MINE = (a?: string) => `(@me IS NULL OR coalesce(${a ? `${a}.` : ''}created_by, @me) = @me)`;
const PER_PRINCIPAL = `principal_id, sum(${MINE()}) AS n,
         max(CASE WHEN ${MINE()} THEN interaction_date END) AS last_at,
         sum(open_follow_up_date <= @today AND (@me IS NULL OR open_follow_up_assignee_id = @me)) AS due`;

/** link_facts' columns for a merged interaction row aliased `a` (the predicted arm). */
const FACTS_OF = (a: string) => `${a}.interaction_date, ${a}.created_by,
  CASE WHEN ${a}.follow_up_required = 1 AND ${a}.follow_up_done_at IS NULL THEN ${a}.follow_up_date END AS open_follow_up_date,
  CASE WHEN ${a}.follow_up_required = 1 AND ${a}.follow_up_done_at IS NULL THEN ${a}.follow_up_assignee_id END AS open_follow_up_assignee_id`;

const SQL = `
WITH principals AS MATERIALIZED (
  SELECT id, name, last_interaction_at FROM organizations
  WHERE workspace_id = @ws AND is_principal = 1 AND deleted_at IS NULL
),
changed_opportunities AS MATERIALIZED (${CHANGED_OPPORTUNITIES}
),
opportunity_counts AS (
  -- Each arm counted alone (the synced one in its index order, no sort), then summed.
  SELECT principal_id, sum(n) AS n FROM (
    -- The server's pairs (opportunity_principals, kept by its triggers) for the opportunities
    -- no pending change may move: each opportunity searched by id on a covering index.
    SELECT op.principal_id, count(*) AS n
    FROM ${SYNCED_OPPORTUNITY_PRINCIPALS} op JOIN ${SYNCED_OPPORTUNITIES} o ON o.id = op.opportunity_id
    WHERE op.workspace_id = @ws AND op.deleted_at IS NULL AND o.deleted_at IS NULL
      AND (@me IS NULL OR o.owner_id = @me)
      AND op.opportunity_id NOT IN (SELECT id FROM changed_opportunities)
    GROUP BY op.principal_id
    UNION ALL
    -- Predicted for the others, as the server derives them (0004): the principals of the live
    -- opportunity's live product lines, each pair once. Each merged view alone in its FROM with
    -- an IN list or searched by id, so SQLite searches both of its arms instead of scanning it.
    SELECT principal_id, count(DISTINCT opportunity_id) AS n FROM (
      SELECT l.opportunity_id, (SELECT pr.principal_id FROM products pr WHERE pr.id = l.product_id) AS principal_id
      FROM opportunity_products l
      WHERE l.deleted_at IS NULL AND l.opportunity_id IN (
        SELECT o.id FROM opportunities o
        WHERE o.id IN (SELECT id FROM changed_opportunities) AND o.workspace_id = @ws
          AND o.deleted_at IS NULL AND (@me IS NULL OR o.owner_id = @me)))
    WHERE principal_id IS NOT NULL
    GROUP BY principal_id
  )
  GROUP BY principal_id
),
changed_interactions AS MATERIALIZED (${CHANGED_LINK_INTERACTIONS}
),
changed_rows AS MATERIALIZED (
  SELECT i.id, i.opportunity_id, i.organization_id, i.contact_id, i.deleted_at, ${FACTS_OF('i')}
  FROM interactions i WHERE i.id IN (SELECT id FROM changed_interactions)
),
predicted_links AS MATERIALIZED (
  ${principalLinksSql('changed_rows')}
),
changed_facts AS MATERIALIZED (
  -- link_facts' rows of those interactions, searched by their key: the principals of the
  -- interaction's synced links, its synced date (CROSS JOIN: in this order).
  SELECT f.principal_id, count(*) AS n
  FROM changed_interactions c
  CROSS JOIN ${SYNCED_INTERACTIONS} i ON i.id = c.id
  CROSS JOIN ${LINK_FACTS} f
  WHERE f.principal_id IN (SELECT k.principal_id FROM ${SYNCED_LINKS} k WHERE k.interaction_id = c.id)
    AND f.interaction_date = coalesce(i.interaction_date, '') AND f.interaction_id = c.id
    AND ${MINE('f')}
  GROUP BY f.principal_id
),
synced_facts AS (
  -- The server's links (link_facts: the replicated links, less removals and deleted
  -- interactions) per principal, except the interactions a pending change may move: work per
  -- principal, not per link. The count is link_fact_counts' less those interactions' rows; the
  -- latest is the last key entry (date order) not among them; follow-ups due a short range of
  -- the open follow-ups' index.
  -- No workspace term: a principal's id names its workspace (link-facts.ts).
  SELECT p.id AS principal_id,
    (SELECT coalesce(sum(k.n), 0) FROM ${LINK_FACT_COUNTS} k
       WHERE k.principal_id = p.id AND (@me IS NULL OR k.author IN (@me, '')))
    - coalesce((SELECT x.n FROM changed_facts x WHERE x.principal_id = p.id), 0) AS n,
    (SELECT f.interaction_date FROM ${LINK_FACTS} f
       WHERE f.principal_id = p.id AND ${MINE('f')}
         AND f.interaction_id NOT IN (SELECT id FROM changed_interactions)
       ORDER BY f.interaction_date DESC LIMIT 1) AS last_at,
    (SELECT count(*) FROM ${LINK_FACTS} f
       WHERE f.principal_id = p.id
         AND f.open_follow_up_date IS NOT NULL AND f.open_follow_up_date <= @today
         AND (@me IS NULL OR f.open_follow_up_assignee_id = @me)
         AND f.interaction_id NOT IN (SELECT id FROM changed_interactions)) AS due
  FROM principals p
),
per_principal AS (
  SELECT principal_id, sum(n) AS n, max(last_at) AS last_at, sum(due) AS due
  FROM (
    SELECT principal_id, n, last_at, due FROM synced_facts
    UNION ALL
    -- The links predicted for the interactions a pending change may move (the one rule of
    -- principal-links.ts over the merged rows).
    SELECT ${PER_PRINCIPAL}
    FROM (SELECT p.principal_id, r.interaction_date, r.created_by, r.open_follow_up_date, r.open_follow_up_assignee_id
          FROM predicted_links p JOIN changed_rows r ON r.id = p.interaction_id
          WHERE r.deleted_at IS NULL)
    GROUP BY principal_id
  )
  GROUP BY principal_id
),
product_counts AS (
  SELECT principal_id, count(*) AS n FROM products
  WHERE workspace_id = @ws AND deleted_at IS NULL
  GROUP BY principal_id
)
SELECT p.id AS principal_id, p.name,
       coalesce(oc.n, 0) AS opportunities_count,
       coalesce(pp.n, 0) AS interactions_count,
       coalesce(pc.n, 0) AS products_count,
       pp.last_at AS last_activity_at,
       CASE WHEN pp.last_at IS NULL THEN 'Inactive'
            WHEN pp.last_at >= @c7 THEN 'High'
            WHEN pp.last_at >= @c14 THEN 'Medium'
            WHEN pp.last_at >= @c30 THEN 'Low'
            ELSE 'Inactive' END AS engagement_level,
       coalesce(pp.due, 0) AS follow_ups_due_count,
       p.last_interaction_at
FROM principals p
LEFT JOIN per_principal pp ON pp.principal_id = p.id
LEFT JOIN opportunity_counts oc ON oc.principal_id = p.id
LEFT JOIN product_counts pc ON pc.principal_id = p.id
ORDER BY p.name COLLATE NOCASE, p.id`;

export function principalDashboard(
  ctx: CoreContext,
  input: z.input<typeof principalDashboardInput> = {},
): PrincipalSummary[] {
  const parsed = principalDashboardInput.parse(input);
  const { today, now } = resolveClock(ctx, parsed);
  const rows = ctx.replica.stmt(SQL).all({
    ws: ctx.workspaceId,
    me: parsed.scope === 'mine' ? ctx.userId : null,
    today,
    c7: daysBefore(now, 7),
    c14: daysBefore(now, 14),
    c30: daysBefore(now, 30),
  }) as (Omit<PrincipalSummary, 'last_activity_at' | 'last_interaction_at'> & {
    last_activity_at: SqlValue;
    last_interaction_at: SqlValue;
  })[];
  // Stored timestamps under names of no column spec (aliases, a CTE's column): text here.
  return rows.map((r) => ({
    ...r,
    last_activity_at: timestampTextOrNull(r.last_activity_at),
    last_interaction_at: timestampTextOrNull(r.last_interaction_at),
  }));
}

export const principalDashboardQuery = defineQuery({
  name: 'dashboard.principals',
  tables: [
    'organizations',
    'contacts',
    'products',
    'opportunities',
    'opportunity_products',
    'interactions',
    'interaction_principals',
  ],
  input: principalDashboardInput,
  run: principalDashboard,
});
