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
 *   the server's interaction_principals says (0015): derived links (the
 *   interaction's live opportunity has the principal's products; or the
 *   interaction is with the principal organization or one of its contacts) are
 *   derived here from the same rows the server derives them from, so an
 *   interaction logged offline counts at once and on synced data the sets are
 *   equal; chosen links (a user's) are read from the replicated table;
 *   last activity is their latest interaction_date; follow-ups due: required,
 *   not done, dated today or earlier;
 * - products: live products of the principal;
 * - engagement: High within 7 days, Medium 14, Low 30, else (or never) Inactive.
 * Beside them (not in the server's view), the principal's own
 * last_interaction_at: the one "last interaction" every screen shows.
 * Performance (PERF-NOTES): interactions are aggregated per opportunity first,
 * on a covering index (each arm of the merged view apart: see mergedArms), and
 * only then joined to principals; the small sets the joins need are
 * materialized once. Minus the pairs a user removed (0018, MINUS_REMOVED_CTES).
 */
import type { z } from 'zod';
import type { EngagementLevel } from '../../../sync/schema/index.ts';
import { mergedArms } from '../../../sync/client/replica/index.ts';
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

const DUE = (a: string) =>
  `sum(${a}.follow_up_required = 1 AND ${a}.follow_up_done_at IS NULL AND ${a}.follow_up_date <= @today)`;

/**
 * Interactions per opportunity. The synced rows are most of the work, so they
 * are aggregated in one covering-index pass without the overlay's per-row
 * "no pending edit" probe; the few opportunities a pending local edit touches
 * (overlaid_opportunities) are dropped from that pass per group (HAVING) and
 * counted exactly arm by arm instead, and the local rows are added.
 */
const [SYNCED_ARM, LOCAL_ARM] = mergedArms('interactions', 'a');
const SYNCED_TABLE = SYNCED_ARM.from.replace(/ a$/, '');
const LOCAL_TABLE = LOCAL_ARM.from.replace(/ a$/, '');
const AGGREGATE = `a.opportunity_id, count(*) AS n, max(a.interaction_date) AS last_at, ${DUE('a')} AS due`;
const ON_OPPORTUNITY = 'a.deleted_at IS NULL AND a.opportunity_id IS NOT NULL';
const OVERLAID_OPPORTUNITIES = `
  SELECT s.opportunity_id FROM ${LOCAL_TABLE} l JOIN ${SYNCED_TABLE} s ON s.id = l.id
  WHERE s.opportunity_id IS NOT NULL`;
const PER_OPPORTUNITY = `
    SELECT ${AGGREGATE} FROM ${SYNCED_ARM.from} WHERE ${ON_OPPORTUNITY}
    GROUP BY a.opportunity_id HAVING a.opportunity_id NOT IN (SELECT opportunity_id FROM overlaid_opportunities)
    UNION ALL
    SELECT ${AGGREGATE} FROM ${SYNCED_ARM.from} WHERE ${SYNCED_ARM.where} AND ${ON_OPPORTUNITY}
      AND a.opportunity_id IN (SELECT opportunity_id FROM overlaid_opportunities)
    GROUP BY a.opportunity_id
    UNION ALL
    SELECT ${AGGREGATE} FROM ${LOCAL_ARM.from} WHERE ${ON_OPPORTUNITY}
    GROUP BY a.opportunity_id`;

/**
 * Links beyond the opportunity ones: the principal organization an interaction
 * is with (its organization, or its contact's) and users' chosen links. Few
 * next to the interactions on opportunities, so deduplicated row by row (a
 * UNION of whole rows: the same interaction reached twice is one row). Each
 * merged table is read arm by arm (mergedArms), so every join is an index
 * search instead of a scan of the merged view; CROSS JOIN keeps SQLite's
 * planner starting from the few principals (it cannot know a CTE is small).
 */
const INTERACTION_FIELDS = (a: string) =>
  `${a}.id, ${a}.opportunity_id, ${a}.interaction_date, ${a}.deleted_at, ${a}.follow_up_required, ${a}.follow_up_done_at, ${a}.follow_up_date`;
const EXTRA_ROWS = mergedArms('interactions', 'a')
  .flatMap((i) => [
    `SELECT p.id AS principal_id, ${INTERACTION_FIELDS('a')}
     FROM principals p CROSS JOIN ${i.from} ON a.organization_id = p.id WHERE ${i.where}`,
    ...mergedArms('contacts', 'c').map(
      (c) => `SELECT c.organization_id, ${INTERACTION_FIELDS('a')}
     FROM principals p CROSS JOIN ${c.from} ON c.organization_id = p.id AND ${c.where}
     CROSS JOIN ${i.from} ON a.contact_id = c.id WHERE ${i.where}`,
    ),
    ...mergedArms('interaction_principals', 'k').map(
      (k) => `SELECT k.principal_id, ${INTERACTION_FIELDS('a')}
     FROM ${k.from} CROSS JOIN ${i.from} ON a.id = k.interaction_id AND ${i.where}
     WHERE ${k.where} AND k.workspace_id = @ws AND k.deleted_at IS NULL AND k.source = 'chosen'`,
    ),
  ])
  .join('\n    UNION\n    ');

// --- minus removed links (0018) -----------------------------------------
// A user's live removal of (interaction, principal) hides the pair whatever
// derives it. Removals are few: the (principal, opportunity) pairs they touch
// leave the per-opportunity aggregate and are counted interaction by
// interaction without the removed ones (so last activity stays exact too);
// extra links (organization, contact, chosen) of a removed pair are dropped.
const REMOVED_ON_OPPORTUNITIES = mergedArms('interactions', 'a')
  .map(
    (i) => `SELECT r.principal_id, a.opportunity_id
     FROM removed_links r CROSS JOIN ${i.from} ON a.id = r.interaction_id AND ${i.where}
     WHERE a.opportunity_id IS NOT NULL`,
  )
  .join('\n    UNION\n    ');
const REMOVED_EXACT_ROWS = mergedArms('interactions', 'a')
  .map(
    (i) => `SELECT ro.principal_id, ${INTERACTION_FIELDS('a')}
     FROM removed_on_opportunities ro CROSS JOIN ${i.from} ON a.opportunity_id = ro.opportunity_id AND ${i.where}
     WHERE a.deleted_at IS NULL AND NOT EXISTS (
       SELECT 1 FROM removed_links r WHERE r.interaction_id = a.id AND r.principal_id = ro.principal_id)`,
  )
  .join('\n    UNION ALL\n    ');
const MINUS_REMOVED_CTES = `
removed_links AS MATERIALIZED (
  SELECT interaction_id, principal_id FROM interaction_principals
  WHERE workspace_id = @ws AND source = 'removed' AND deleted_at IS NULL
),
removed_on_opportunities AS MATERIALIZED (
    ${REMOVED_ON_OPPORTUNITIES}
),
removed_exact AS (
  SELECT e.principal_id, count(*) AS n, max(e.interaction_date) AS last_at, ${DUE('e')} AS due
  FROM (
    ${REMOVED_EXACT_ROWS}
  ) e
  JOIN principal_opportunities po ON po.principal_id = e.principal_id AND po.opportunity_id = e.opportunity_id
  GROUP BY e.principal_id
),`;
// --- end minus removed links ---------------------------------------------

const SQL = `
WITH principals AS MATERIALIZED (
  SELECT id, name, last_interaction_at FROM organizations
  WHERE workspace_id = @ws AND is_principal = 1 AND deleted_at IS NULL
),
live_opportunities AS MATERIALIZED (
  SELECT id FROM opportunities WHERE workspace_id = @ws AND deleted_at IS NULL
),
product_principals AS MATERIALIZED (
  SELECT id, principal_id FROM products WHERE workspace_id = @ws
),
principal_opportunities AS MATERIALIZED (
  SELECT DISTINCT pp.principal_id, l.opportunity_id
  FROM opportunity_products l
  JOIN product_principals pp ON pp.id = l.product_id
  JOIN live_opportunities o ON o.id = l.opportunity_id
  WHERE l.workspace_id = @ws AND l.deleted_at IS NULL
),
overlaid_opportunities AS MATERIALIZED (${OVERLAID_OPPORTUNITIES}
),
per_opportunity AS (
  SELECT opportunity_id, sum(n) AS n, max(last_at) AS last_at, sum(due) AS due
  FROM (
    ${PER_OPPORTUNITY}
  )
  GROUP BY opportunity_id
),
extra_rows AS MATERIALIZED (
    ${EXTRA_ROWS}
),${MINUS_REMOVED_CTES}
-- An extra link counts unless the interaction already counts through its opportunity.
extras AS (
  SELECT e.principal_id, count(*) AS n, max(e.interaction_date) AS last_at, ${DUE('e')} AS due
  FROM extra_rows e
  LEFT JOIN principal_opportunities po ON po.principal_id = e.principal_id AND po.opportunity_id = e.opportunity_id
  WHERE e.deleted_at IS NULL AND po.principal_id IS NULL
    -- minus removed links (0018)
    AND NOT EXISTS (SELECT 1 FROM removed_links r WHERE r.interaction_id = e.id AND r.principal_id = e.principal_id)
  GROUP BY e.principal_id
),
per_principal AS (
  SELECT principal_id, sum(opportunities) AS opportunities_count, sum(n) AS interactions_count,
         max(last_at) AS last_activity_at, sum(due) AS follow_ups_due_count
  FROM (
    SELECT po.principal_id, 1 AS opportunities, coalesce(x.n, 0) AS n, x.last_at, coalesce(x.due, 0) AS due
    FROM principal_opportunities po
    LEFT JOIN per_opportunity x ON x.opportunity_id = po.opportunity_id
      -- minus removed links (0018): these pairs are counted in removed_exact
      AND NOT EXISTS (SELECT 1 FROM removed_on_opportunities ro
                      WHERE ro.principal_id = po.principal_id AND ro.opportunity_id = po.opportunity_id)
    UNION ALL
    SELECT principal_id, 0, n, last_at, due FROM removed_exact
    UNION ALL
    SELECT principal_id, 0, n, last_at, due FROM extras
  )
  GROUP BY principal_id
),
product_counts AS (
  SELECT principal_id, count(*) AS n FROM products
  WHERE workspace_id = @ws AND deleted_at IS NULL
  GROUP BY principal_id
)
SELECT p.id AS principal_id, p.name,
       coalesce(pp.opportunities_count, 0) AS opportunities_count,
       coalesce(pp.interactions_count, 0) AS interactions_count,
       coalesce(pc.n, 0) AS products_count,
       pp.last_activity_at,
       CASE WHEN pp.last_activity_at IS NULL THEN 'Inactive'
            WHEN pp.last_activity_at >= @c7 THEN 'High'
            WHEN pp.last_activity_at >= @c14 THEN 'Medium'
            WHEN pp.last_activity_at >= @c30 THEN 'Low'
            ELSE 'Inactive' END AS engagement_level,
       coalesce(pp.follow_ups_due_count, 0) AS follow_ups_due_count,
       p.last_interaction_at
FROM principals p
LEFT JOIN per_principal pp ON pp.principal_id = p.id
LEFT JOIN product_counts pc ON pc.principal_id = p.id
ORDER BY p.name COLLATE NOCASE, p.id`;

export function principalDashboard(
  ctx: CoreContext,
  input: z.input<typeof principalDashboardInput> = {},
): PrincipalSummary[] {
  const { today, now } = resolveClock(ctx, principalDashboardInput.parse(input));
  return ctx.replica.stmt(SQL).all({
    ws: ctx.workspaceId,
    today,
    c7: daysBefore(now, 7),
    c14: daysBefore(now, 14),
    c30: daysBefore(now, 30),
  }) as PrincipalSummary[];
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
