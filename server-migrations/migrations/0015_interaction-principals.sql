-- Up Migration
-- Which principals an interaction is about (issue 12). Until now a principal
-- heard of an interaction only through interactions.opportunity_id ->
-- opportunity_principals, so a call with a restaurant's chef, or a meeting at
-- the principal's own office, counted for nobody.
--
-- interaction_principals links an interaction to a principal organization with
-- a source:
--   derived  kept by triggers here, never by a client: the principals of the
--            interaction's live opportunity (opportunity_principals), and the
--            principal itself when the interaction is with a principal
--            organization or one of its contacts. A derived link that stops
--            being derived is soft-deleted (deleted_at) and restored if it comes
--            back, so desktops see it go through the same stream as any change.
--   chosen   written by a user (the principal chips of quick log and the
--            interaction form). Triggers never touch them. Removing one is a
--            soft delete by the user (deleted_at, replicated and audited like any
--            record); adding the same principal again restores that row.
-- A pair may have both a derived and a chosen row (they are independent facts:
-- "the opportunity says so" and "the user said so"); reports count an
-- interaction once per principal whichever rows say it.
-- Customer opportunities are NOT followed here: a contact-only interaction at
-- a customer with open opportunities gets its principals as chosen links from
-- the app's suggestion, which the user sees and can change (a customer with
-- several opportunities would otherwise make the server guess).

-- The composite key a same-workspace foreign key needs (the other CRM tables have theirs since 0003).
ALTER TABLE public.interactions ADD CONSTRAINT interactions_workspace_id_id_key UNIQUE (workspace_id, id);

CREATE TYPE public.interaction_principal_source AS ENUM ('derived', 'chosen');

CREATE TABLE public.interaction_principals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  interaction_id uuid NOT NULL,
  principal_id uuid NOT NULL,
  -- A client cannot write this column (no grant): what it inserts is chosen.
  source public.interaction_principal_source NOT NULL DEFAULT 'chosen',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT interaction_principals_one_per_pair_and_source UNIQUE (interaction_id, principal_id, source),
  CONSTRAINT interaction_principals_interaction_same_workspace FOREIGN KEY (workspace_id, interaction_id)
    REFERENCES public.interactions (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT interaction_principals_principal_same_workspace FOREIGN KEY (workspace_id, principal_id)
    REFERENCES public.organizations (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE public.interaction_principals IS
  'Principals an interaction is about: derived (triggers, from its opportunity or a principal it is with) or chosen (by a user).';
CREATE INDEX interaction_principals_interaction_idx ON public.interaction_principals (workspace_id, interaction_id);
CREATE INDEX interaction_principals_principal_idx ON public.interaction_principals (workspace_id, principal_id);
-- The summary's way in: a principal's live links, the interaction id in the index.
CREATE INDEX interaction_principals_live_principal_idx ON public.interaction_principals (workspace_id, principal_id, interaction_id)
  WHERE deleted_at IS NULL;

-- A chosen principal must be a principal (derived ones are by construction).
CREATE FUNCTION crm.check_interaction_principal_kind() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.organizations o
                 WHERE o.workspace_id = NEW.workspace_id AND o.id = NEW.principal_id AND o.is_principal) THEN
    RAISE EXCEPTION 'an interaction''s principal must be an organization marked as principal'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'interaction_principals_principal_is_principal';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER interaction_principals_principal_is_principal BEFORE INSERT ON public.interaction_principals
  FOR EACH ROW EXECUTE FUNCTION crm.check_interaction_principal_kind();

-- Stamps, workspace immutability, RLS forced, as on every CRM table (0003).
CREATE TRIGGER interaction_principals_stamp BEFORE INSERT OR UPDATE ON public.interaction_principals
  FOR EACH ROW EXECUTE FUNCTION crm.stamp_row();
CREATE TRIGGER interaction_principals_keep_workspace BEFORE UPDATE ON public.interaction_principals
  FOR EACH ROW EXECUTE FUNCTION crm.keep_workspace_id();
ALTER TABLE public.interaction_principals ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.interaction_principals FORCE ROW LEVEL SECURITY;
CREATE POLICY "members read interaction_principals" ON public.interaction_principals
  FOR SELECT TO crm_user USING (crm.is_member(workspace_id));
CREATE POLICY "maintainer functions keep interaction_principals" ON public.interaction_principals
  TO crm_maintainer USING (true) WITH CHECK (true);
-- Writers create and remove (soft) their chosen links; derived links are the triggers' alone.
CREATE POLICY "writers choose interaction_principals" ON public.interaction_principals
  FOR INSERT TO crm_user WITH CHECK (crm.can_write(workspace_id) AND source = 'chosen');
CREATE POLICY "writers change chosen interaction_principals" ON public.interaction_principals
  FOR UPDATE TO crm_user USING (crm.can_write(workspace_id) AND source = 'chosen')
  WITH CHECK (crm.can_write(workspace_id) AND source = 'chosen');
CREATE POLICY "managers purge interaction_principals" ON public.interaction_principals
  FOR DELETE TO crm_user USING (crm.can_purge(workspace_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON public.interaction_principals TO crm_maintainer;
GRANT SELECT, DELETE ON public.interaction_principals TO crm_user;
GRANT INSERT (id, workspace_id, interaction_id, principal_id, deleted_at) ON public.interaction_principals TO crm_user;
GRANT UPDATE (deleted_at) ON public.interaction_principals TO crm_user;

-- What the derived links of these interactions should be (live interactions or not:
-- a deleted interaction keeps its links, reports skip it, and a restore needs no work).
CREATE FUNCTION crm.derived_interaction_principals(interaction_ids uuid[])
  RETURNS TABLE (workspace_id uuid, interaction_id uuid, principal_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  WITH i AS MATERIALIZED (
    -- Probed by primary key: a bulk statement's ids, not a scan of every interaction.
    SELECT i.workspace_id, i.id, i.opportunity_id, i.organization_id, i.contact_id
    FROM unnest(interaction_ids) AS x(id)
    JOIN public.interactions i ON i.id = x.id
  )
  SELECT i.workspace_id, i.id, opp.principal_id
  FROM i
  JOIN public.opportunities o ON o.workspace_id = i.workspace_id AND o.id = i.opportunity_id AND o.deleted_at IS NULL
  JOIN public.opportunity_principals opp ON opp.workspace_id = i.workspace_id AND opp.opportunity_id = i.opportunity_id
   AND opp.deleted_at IS NULL
  UNION
  SELECT i.workspace_id, i.id, p.id
  FROM i
  JOIN public.organizations p ON p.workspace_id = i.workspace_id AND p.id = i.organization_id AND p.is_principal
  UNION
  SELECT i.workspace_id, i.id, p.id
  FROM i
  JOIN public.contacts c ON c.workspace_id = i.workspace_id AND c.id = i.contact_id
  JOIN public.organizations p ON p.workspace_id = c.workspace_id AND p.id = c.organization_id AND p.is_principal
$$;

-- Makes the derived links of these interactions equal to the derivation; chosen rows untouched.
CREATE FUNCTION crm.refresh_interaction_principals(interaction_ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  -- One statement: the insert/restore and the soft delete touch disjoint rows
  -- (wanted pairs vs live derived pairs no longer wanted) from one derivation;
  -- a data-modifying WITH runs to completion whether or not it is read.
  WITH wanted AS MATERIALIZED (
    SELECT * FROM crm.derived_interaction_principals(interaction_ids)
  ), added AS (
    INSERT INTO public.interaction_principals (workspace_id, interaction_id, principal_id, source)
    SELECT w.workspace_id, w.interaction_id, w.principal_id, 'derived' FROM wanted w
    ON CONFLICT (interaction_id, principal_id, source) DO UPDATE SET deleted_at = NULL
      WHERE public.interaction_principals.deleted_at IS NOT NULL
  )
  UPDATE public.interaction_principals ip SET deleted_at = now()
  FROM unnest(interaction_ids) AS x(id)
  WHERE ip.interaction_id = x.id AND ip.source = 'derived' AND ip.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.interaction_id = ip.interaction_id AND w.principal_id = ip.principal_id);
$$;

-- Every change that can move a derivation names the interactions it touches.
CREATE FUNCTION crm.interaction_principals_follow() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_TABLE_NAME = 'interactions' AND TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_TABLE_NAME = 'interactions' THEN
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.opportunity_id, n.organization_id, n.contact_id) IS DISTINCT FROM (o.opportunity_id, o.organization_id, o.contact_id);
  ELSIF TG_TABLE_NAME = 'opportunity_principals' THEN
    SELECT array_agg(i.id) INTO ids FROM public.interactions i
    WHERE (i.workspace_id, i.opportunity_id) IN (SELECT workspace_id, opportunity_id FROM new_rows);
  ELSIF TG_TABLE_NAME = 'opportunities' THEN
    SELECT array_agg(i.id) INTO ids FROM public.interactions i
    WHERE (i.workspace_id, i.opportunity_id) IN (SELECT n.workspace_id, n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                                 WHERE n.deleted_at IS DISTINCT FROM o.deleted_at);
  ELSIF TG_TABLE_NAME = 'organizations' THEN
    SELECT array_agg(i.id) INTO ids FROM public.interactions i
    WHERE (i.workspace_id, i.organization_id) IN (SELECT n.workspace_id, n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                                  WHERE n.is_principal <> o.is_principal)
       OR (i.workspace_id, i.contact_id) IN (SELECT c.workspace_id, c.id FROM public.contacts c
                                             JOIN new_rows n ON n.workspace_id = c.workspace_id AND n.id = c.organization_id
                                             JOIN old_rows o ON o.id = n.id
                                             WHERE n.is_principal <> o.is_principal);
  ELSIF TG_TABLE_NAME = 'contacts' THEN
    SELECT array_agg(i.id) INTO ids FROM public.interactions i
    WHERE (i.workspace_id, i.contact_id) IN (SELECT n.workspace_id, n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                             WHERE n.organization_id IS DISTINCT FROM o.organization_id);
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM crm.refresh_interaction_principals(ids);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER interactions_principals_after_insert AFTER INSERT ON public.interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER interactions_principals_after_update AFTER UPDATE ON public.interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER opportunity_principals_interactions_after_insert AFTER INSERT ON public.opportunity_principals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER opportunity_principals_interactions_after_update AFTER UPDATE ON public.opportunity_principals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER opportunities_interaction_principals_after_update AFTER UPDATE ON public.opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER organizations_interaction_principals_after_update AFTER UPDATE ON public.organizations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();
CREATE TRIGGER contacts_interaction_principals_after_update AFTER UPDATE ON public.contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interaction_principals_follow();

ALTER FUNCTION crm.check_interaction_principal_kind() OWNER TO crm_maintainer;
ALTER FUNCTION crm.derived_interaction_principals(uuid[]) OWNER TO crm_maintainer;
ALTER FUNCTION crm.refresh_interaction_principals(uuid[]) OWNER TO crm_maintainer;
ALTER FUNCTION crm.interaction_principals_follow() OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.derived_interaction_principals(uuid[]), crm.refresh_interaction_principals(uuid[]) FROM PUBLIC;

-- The links of the interactions already in the field. A schema-level backfill,
-- not a user's edit, made before the audit triggers exist (as 0013 keeps its
-- backfill out of the history): desktops fetch the new table whole anyway.
SELECT crm.refresh_interaction_principals(ARRAY(SELECT id FROM public.interactions));

CREATE TRIGGER interaction_principals_audit_insert AFTER INSERT ON public.interaction_principals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes();
CREATE TRIGGER interaction_principals_audit_update AFTER UPDATE ON public.interaction_principals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes();
CREATE TRIGGER interaction_principals_audit_delete AFTER DELETE ON public.interaction_principals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes();

-- The principal dashboard through the links: an interaction counts once per
-- principal, whichever links (derived, chosen, both) name it. Same columns as
-- 0006's view, so readers are unchanged.
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

-- Down Migration
-- 0006's definition of the view, unchanged.
CREATE OR REPLACE VIEW public.principal_activity_summary WITH (security_invoker = true) AS
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
DROP TRIGGER contacts_interaction_principals_after_update ON public.contacts;
DROP TRIGGER organizations_interaction_principals_after_update ON public.organizations;
DROP TRIGGER opportunities_interaction_principals_after_update ON public.opportunities;
DROP TRIGGER opportunity_principals_interactions_after_update ON public.opportunity_principals;
DROP TRIGGER opportunity_principals_interactions_after_insert ON public.opportunity_principals;
DROP TRIGGER interactions_principals_after_update ON public.interactions;
DROP TRIGGER interactions_principals_after_insert ON public.interactions;
DROP TABLE public.interaction_principals;
DROP FUNCTION crm.interaction_principals_follow();
DROP FUNCTION crm.refresh_interaction_principals(uuid[]);
DROP FUNCTION crm.derived_interaction_principals(uuid[]);
DROP FUNCTION crm.check_interaction_principal_kind();
DROP TYPE public.interaction_principal_source;
ALTER TABLE public.interactions DROP CONSTRAINT interactions_workspace_id_id_key;
