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
 * - interactions: live ones on those opportunities; last activity is their
 *   latest interaction_date; follow-ups due: required, not done, dated today
 *   or earlier;
 * - products: live products of the principal;
 * - engagement: High within 7 days, Medium 14, Low 30, else (or never) Inactive.
 * Beside them (not in the server's view), the principal's own
 * last_interaction_at: the one "last interaction" every screen shows.
 * Performance (PERF-NOTES): interactions are aggregated per opportunity first,
 * on a covering index (each arm of the merged view apart: see mergedArms), and
 * only then joined to principals; the small sets the joins need are
 * materialized once.
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

/** Interactions per opportunity: each arm of the merged view aggregated on its own, then combined. */
const PER_OPPORTUNITY = mergedArms('interactions', 'a')
  .map(
    (
      arm,
    ) => `SELECT a.opportunity_id, count(*) AS n, max(a.interaction_date) AS last_at, ${DUE('a')} AS due
    FROM ${arm.from} WHERE ${arm.where} AND a.deleted_at IS NULL AND a.opportunity_id IS NOT NULL
    GROUP BY a.opportunity_id`,
  )
  .join('\n    UNION ALL\n    ');

const SQL = `
WITH live_opportunities AS MATERIALIZED (
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
per_opportunity AS (
  SELECT opportunity_id, sum(n) AS n, max(last_at) AS last_at, sum(due) AS due
  FROM (
    ${PER_OPPORTUNITY}
  )
  GROUP BY opportunity_id
),
per_principal AS (
  SELECT po.principal_id, count(*) AS opportunities_count, sum(coalesce(x.n, 0)) AS interactions_count,
         max(x.last_at) AS last_activity_at, sum(coalesce(x.due, 0)) AS follow_ups_due_count
  FROM principal_opportunities po
  LEFT JOIN per_opportunity x ON x.opportunity_id = po.opportunity_id
  GROUP BY po.principal_id
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
FROM organizations p
LEFT JOIN per_principal pp ON pp.principal_id = p.id
LEFT JOIN product_counts pc ON pc.principal_id = p.id
WHERE p.workspace_id = @ws AND p.is_principal = 1 AND p.deleted_at IS NULL
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
  tables: ['organizations', 'products', 'opportunities', 'opportunity_products', 'interactions'],
  input: principalDashboardInput,
  run: principalDashboard,
});
