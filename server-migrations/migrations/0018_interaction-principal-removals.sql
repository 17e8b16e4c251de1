-- Up Migration
-- Removing a derived principal chip (issue 12, "chips removable and addable by
-- keyboard"). A user can say "this interaction is not about principal P" even
-- when 0015's triggers derive P (from the opportunity's products, or the
-- principal the interaction is with). That statement is a third kind of link:
--   removed  written by a user like a chosen link (insert; soft delete to take
--            it back). While live, the pair (interaction, P) counts for nobody,
--            whatever derived or chosen rows say. The derivation triggers only
--            ever touch source 'derived' rows, so a later product or contact
--            change moves the derived row but never the removal: the link does
--            not come back. Re-adding P soft-deletes the removal (the app does
--            it in the same transaction as the chip change).
-- The derived row itself is left as the triggers keep it: it stays the true
-- statement "the opportunity says so", and the removal overrides it.
-- Audited by 0015's triggers on the table, like every other link.

-- Outside 0015's enum: ADD VALUE inside the migration's transaction cannot be
-- used (cast from a literal) until commit, so the policies and the view below
-- compare source as text. IF NOT EXISTS: the down migration leaves the label
-- (PostgreSQL cannot drop one), so up again must accept it.
ALTER TYPE public.interaction_principal_source ADD VALUE IF NOT EXISTS 'removed';

-- A client names the source now (chosen or removed); derived stays the triggers'.
GRANT INSERT (source) ON public.interaction_principals TO crm_user;
DROP POLICY "writers choose interaction_principals" ON public.interaction_principals;
DROP POLICY "writers change chosen interaction_principals" ON public.interaction_principals;
CREATE POLICY "writers choose or remove interaction_principals" ON public.interaction_principals
  FOR INSERT TO crm_user
  WITH CHECK (crm.can_write(workspace_id) AND source::text IN ('chosen', 'removed'));
CREATE POLICY "writers change their chosen or removed interaction_principals" ON public.interaction_principals
  FOR UPDATE TO crm_user
  USING (crm.can_write(workspace_id) AND source::text IN ('chosen', 'removed'))
  WITH CHECK (crm.can_write(workspace_id) AND source::text IN ('chosen', 'removed'));

-- The principal dashboard: a pair counts when a live derived or chosen link
-- names it and no live removal does. Same columns as 0015's view.
CREATE OR REPLACE VIEW public.principal_activity_summary WITH (security_invoker = true) AS
WITH principal_opportunities AS (
  SELECT opp.workspace_id, opp.principal_id, opp.opportunity_id
  FROM public.opportunity_principals opp
  JOIN public.opportunities o ON o.workspace_id = opp.workspace_id AND o.id = opp.opportunity_id
  WHERE opp.deleted_at IS NULL AND o.deleted_at IS NULL
),
principal_links AS (
  SELECT DISTINCT ip.workspace_id, ip.principal_id, ip.interaction_id
  FROM public.interaction_principals ip
  WHERE ip.deleted_at IS NULL AND ip.source::text <> 'removed'
    -- Probed through the (interaction_id, principal_id, source) unique index.
    AND NOT EXISTS (SELECT 1 FROM public.interaction_principals r
                    WHERE r.interaction_id = ip.interaction_id AND r.principal_id = ip.principal_id
                      AND r.source::text = 'removed' AND r.deleted_at IS NULL)
),
principal_interactions AS (
  SELECT pl.workspace_id, pl.principal_id,
         count(i.id) AS interactions_count,
         max(i.interaction_date) AS last_activity_at,
         count(i.id) FILTER (WHERE i.follow_up_required AND i.follow_up_done_at IS NULL
                             AND i.follow_up_date <= current_date) AS follow_ups_due_count
  FROM principal_links pl
  JOIN public.interactions i ON i.workspace_id = pl.workspace_id AND i.id = pl.interaction_id
  WHERE i.deleted_at IS NULL
  GROUP BY pl.workspace_id, pl.principal_id
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
COMMENT ON VIEW public.principal_activity_summary IS
  'Principal dashboard, interactions through interaction_principals minus removed links; RLS of the caller applies (security_invoker).';

-- Down Migration
-- 0015's view and policies back. Removals are user statements that 0017 cannot
-- express: they are deleted (the derived links they hid count again). The
-- 'removed' label stays in the enum, unused (PostgreSQL cannot drop a label).
CREATE OR REPLACE VIEW public.principal_activity_summary WITH (security_invoker = true) AS
WITH principal_opportunities AS (
  SELECT opp.workspace_id, opp.principal_id, opp.opportunity_id
  FROM public.opportunity_principals opp
  JOIN public.opportunities o ON o.workspace_id = opp.workspace_id AND o.id = opp.opportunity_id
  WHERE opp.deleted_at IS NULL AND o.deleted_at IS NULL
),
principal_links AS (
  SELECT DISTINCT ip.workspace_id, ip.principal_id, ip.interaction_id
  FROM public.interaction_principals ip
  WHERE ip.deleted_at IS NULL
),
principal_interactions AS (
  SELECT pl.workspace_id, pl.principal_id,
         count(i.id) AS interactions_count,
         max(i.interaction_date) AS last_activity_at,
         count(i.id) FILTER (WHERE i.follow_up_required AND i.follow_up_done_at IS NULL
                             AND i.follow_up_date <= current_date) AS follow_ups_due_count
  FROM principal_links pl
  JOIN public.interactions i ON i.workspace_id = pl.workspace_id AND i.id = pl.interaction_id
  WHERE i.deleted_at IS NULL
  GROUP BY pl.workspace_id, pl.principal_id
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
COMMENT ON VIEW public.principal_activity_summary IS 'Principal dashboard, interactions through interaction_principals; RLS of the caller applies (security_invoker).';
DROP POLICY "writers change their chosen or removed interaction_principals" ON public.interaction_principals;
DROP POLICY "writers choose or remove interaction_principals" ON public.interaction_principals;
-- As a schema change, not a user's edit: kept out of the audit trail.
ALTER TABLE public.interaction_principals DISABLE TRIGGER USER;
DELETE FROM public.interaction_principals WHERE source::text = 'removed';
ALTER TABLE public.interaction_principals ENABLE TRIGGER USER;
REVOKE INSERT (source) ON public.interaction_principals FROM crm_user;
CREATE POLICY "writers choose interaction_principals" ON public.interaction_principals
  FOR INSERT TO crm_user WITH CHECK (crm.can_write(workspace_id) AND source = 'chosen');
CREATE POLICY "writers change chosen interaction_principals" ON public.interaction_principals
  FOR UPDATE TO crm_user USING (crm.can_write(workspace_id) AND source = 'chosen')
  WITH CHECK (crm.can_write(workspace_id) AND source = 'chosen');
