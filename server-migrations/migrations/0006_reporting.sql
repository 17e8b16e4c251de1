-- Up Migration
-- Reporting: the engagement level, principal-centric views and the dashboard
-- stats. Views run with security_invoker, so the caller's RLS applies to every
-- table they read; the materialized stats live in a private schema and are
-- reachable only through a function that filters by the caller's workspaces.

-- High <= 7 days, Medium <= 14, Low <= 30, else Inactive (also when never).
CREATE FUNCTION public.calculate_engagement_level(last_activity timestamptz) RETURNS public.engagement_level
  LANGUAGE sql STABLE PARALLEL SAFE
  SET search_path = pg_catalog
AS $$
  SELECT CASE
    WHEN last_activity IS NULL THEN 'Inactive'
    WHEN last_activity >= now() - interval '7 days' THEN 'High'
    WHEN last_activity >= now() - interval '14 days' THEN 'Medium'
    WHEN last_activity >= now() - interval '30 days' THEN 'Low'
    ELSE 'Inactive'
  END::public.engagement_level
$$;

-- Per principal: its opportunities (through derived opportunity_principals),
-- their interactions, its products, last activity, engagement, follow-ups due.
-- Only live rows count. The desktop dashboard computes the same numbers.
CREATE VIEW public.principal_activity_summary WITH (security_invoker = true) AS
WITH principal_opportunities AS (
  SELECT opp.workspace_id, opp.principal_id, opp.opportunity_id
  FROM public.opportunity_principals opp
  JOIN public.opportunities o ON o.workspace_id = opp.workspace_id AND o.id = opp.opportunity_id
  WHERE opp.deleted_at IS NULL AND o.deleted_at IS NULL
),
principal_interactions AS (
  SELECT po.workspace_id, po.principal_id,
         count(i.id) AS interactions_count,
         max(i.interaction_date) AS last_activity_at,
         count(i.id) FILTER (WHERE i.follow_up_required AND i.follow_up_done_at IS NULL
                             AND i.follow_up_date <= current_date) AS follow_ups_due_count
  FROM principal_opportunities po
  JOIN public.interactions i ON i.workspace_id = po.workspace_id AND i.opportunity_id = po.opportunity_id
  WHERE i.deleted_at IS NULL
  GROUP BY po.workspace_id, po.principal_id
)
SELECT p.workspace_id,
       p.id AS principal_id,
       p.name,
       (SELECT count(*) FROM principal_opportunities po
        WHERE po.workspace_id = p.workspace_id AND po.principal_id = p.id) AS opportunities_count,
       coalesce(pi.interactions_count, 0) AS interactions_count,
       (SELECT count(*) FROM public.products pr
        WHERE pr.workspace_id = p.workspace_id AND pr.principal_id = p.id AND pr.deleted_at IS NULL) AS products_count,
       pi.last_activity_at,
       public.calculate_engagement_level(pi.last_activity_at) AS engagement_level,
       coalesce(pi.follow_ups_due_count, 0) AS follow_ups_due_count
FROM public.organizations p
LEFT JOIN principal_interactions pi ON pi.workspace_id = p.workspace_id AND pi.principal_id = p.id
WHERE p.is_principal AND p.deleted_at IS NULL;
COMMENT ON VIEW public.principal_activity_summary IS 'Principal dashboard; RLS of the caller applies (security_invoker).';

-- Open follow-ups with their urgency: overdue (before today), due (today), upcoming.
CREATE VIEW public.follow_ups_due WITH (security_invoker = true) AS
SELECT i.workspace_id, i.id AS interaction_id, i.follow_up_date, i.interaction_type, i.interaction_date, i.notes,
       i.contact_id, i.opportunity_id, i.organization_id, i.created_by,
       CASE
         WHEN i.follow_up_date IS NULL THEN 'unscheduled'
         WHEN i.follow_up_date < current_date THEN 'overdue'
         WHEN i.follow_up_date = current_date THEN 'due'
         ELSE 'upcoming'
       END AS urgency
FROM public.interactions i
WHERE i.follow_up_required AND i.follow_up_done_at IS NULL AND i.deleted_at IS NULL;
COMMENT ON VIEW public.follow_ups_due IS 'Open follow-ups; RLS of the caller applies (security_invoker).';

-- Live opportunities per stage, every stage listed even when empty, in pipeline order.
CREATE VIEW public.pipeline_by_stage WITH (security_invoker = true) AS
SELECT w.id AS workspace_id, s.stage, s.position,
       count(o.id) AS opportunities_count,
       max(o.stage_changed_at) AS last_stage_change_at
FROM public.workspaces w
CROSS JOIN LATERAL unnest(enum_range(NULL::public.opportunity_stage)) WITH ORDINALITY AS s(stage, position)
LEFT JOIN public.opportunities o ON o.workspace_id = w.id AND o.stage = s.stage AND o.deleted_at IS NULL
GROUP BY w.id, s.stage, s.position;
COMMENT ON VIEW public.pipeline_by_stage IS 'Pipeline counts by stage; RLS of the caller applies (security_invoker).';

GRANT SELECT ON public.principal_activity_summary, public.follow_ups_due, public.pipeline_by_stage TO crm_user;
GRANT EXECUTE ON FUNCTION public.calculate_engagement_level(timestamptz) TO crm_user;

-- Materialized dashboard stats: cheap to read, refreshed on demand.
CREATE SCHEMA crm_private;
COMMENT ON SCHEMA crm_private IS 'Objects no client role may read directly (materialized stats).';
GRANT USAGE ON SCHEMA crm_private TO crm_maintainer;

CREATE MATERIALIZED VIEW crm_private.dashboard_stats AS
SELECT w.id AS workspace_id,
       (SELECT count(*) FROM public.organizations o WHERE o.workspace_id = w.id AND o.deleted_at IS NULL) AS organizations_count,
       (SELECT count(*) FROM public.organizations o WHERE o.workspace_id = w.id AND o.deleted_at IS NULL AND o.is_principal) AS principals_count,
       (SELECT count(*) FROM public.contacts c WHERE c.workspace_id = w.id AND c.deleted_at IS NULL) AS contacts_count,
       (SELECT count(*) FROM public.opportunities o WHERE o.workspace_id = w.id AND o.deleted_at IS NULL
          AND o.stage NOT IN ('Closed - Won', 'Closed - Stalled', 'Closed - No Fit')) AS open_opportunities_count,
       (SELECT count(*) FROM public.opportunities o WHERE o.workspace_id = w.id AND o.deleted_at IS NULL
          AND o.stage = 'Closed - Won') AS won_opportunities_count,
       (SELECT count(*) FROM public.interactions i WHERE i.workspace_id = w.id AND i.deleted_at IS NULL
          AND i.interaction_date >= now() - interval '30 days') AS interactions_last_30_days,
       (SELECT count(*) FROM public.interactions i WHERE i.workspace_id = w.id AND i.deleted_at IS NULL
          AND i.follow_up_required AND i.follow_up_done_at IS NULL AND i.follow_up_date < current_date) AS overdue_follow_ups_count,
       now() AS refreshed_at
FROM public.workspaces w
WITH DATA;
CREATE UNIQUE INDEX dashboard_stats_workspace_idx ON crm_private.dashboard_stats (workspace_id);
-- Owned by crm_maintainer, whose policies see every row, so a refresh counts all workspaces.
ALTER MATERIALIZED VIEW crm_private.dashboard_stats OWNER TO crm_maintainer;

-- The caller's workspaces only.
CREATE FUNCTION public.get_dashboard_stats() RETURNS TABLE (
  workspace_id uuid, organizations_count bigint, principals_count bigint, contacts_count bigint,
  open_opportunities_count bigint, won_opportunities_count bigint, interactions_last_30_days bigint,
  overdue_follow_ups_count bigint, refreshed_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT s.workspace_id, s.organizations_count, s.principals_count, s.contacts_count, s.open_opportunities_count,
         s.won_opportunities_count, s.interactions_last_30_days, s.overdue_follow_ups_count, s.refreshed_at
  FROM crm_private.dashboard_stats s
  WHERE crm.is_member(s.workspace_id)
$$;

CREATE FUNCTION public.refresh_dashboard_stats() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  -- CONCURRENTLY: readers keep the previous numbers while the refresh runs.
  REFRESH MATERIALIZED VIEW CONCURRENTLY crm_private.dashboard_stats;
END
$$;
ALTER FUNCTION public.get_dashboard_stats() OWNER TO crm_maintainer;
ALTER FUNCTION public.refresh_dashboard_stats() OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION public.get_dashboard_stats(), public.refresh_dashboard_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.get_dashboard_stats(), public.refresh_dashboard_stats() TO crm_user;

-- Down Migration
DROP FUNCTION public.refresh_dashboard_stats();
DROP FUNCTION public.get_dashboard_stats();
DROP MATERIALIZED VIEW crm_private.dashboard_stats;
DROP SCHEMA crm_private;
DROP VIEW public.pipeline_by_stage;
DROP VIEW public.follow_ups_due;
DROP VIEW public.principal_activity_summary;
DROP FUNCTION public.calculate_engagement_level(timestamptz);
