-- Up Migration
-- Logic that keeps derived data true: references that must point at the right
-- kind of organization, stage timestamps, the derived organization of an
-- interaction, last_interaction_at, and opportunity_principals.
-- Row-level checks are BEFORE triggers; aggregates are statement-level AFTER
-- triggers with transition tables so a bulk load does one pass, not one per row.

-- products.principal_id must be a principal; opportunities.distributor_id a distributor.
CREATE FUNCTION crm.check_organization_kinds() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF TG_TABLE_NAME = 'products' THEN
    IF NOT EXISTS (SELECT 1 FROM public.organizations o
                   WHERE o.workspace_id = NEW.workspace_id AND o.id = NEW.principal_id AND o.is_principal) THEN
      RAISE EXCEPTION 'a product''s principal must be an organization marked as principal'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'products_principal_is_principal';
    END IF;
  ELSIF TG_TABLE_NAME = 'opportunities' AND NEW.distributor_id IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM public.organizations o
                   WHERE o.workspace_id = NEW.workspace_id AND o.id = NEW.distributor_id AND o.is_distributor) THEN
      RAISE EXCEPTION 'an opportunity''s distributor must be an organization marked as distributor'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'opportunities_distributor_is_distributor';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER products_principal_is_principal BEFORE INSERT OR UPDATE OF principal_id ON public.products
  FOR EACH ROW EXECUTE FUNCTION crm.check_organization_kinds();
CREATE TRIGGER opportunities_distributor_is_distributor BEFORE INSERT OR UPDATE OF distributor_id ON public.opportunities
  FOR EACH ROW EXECUTE FUNCTION crm.check_organization_kinds();

-- The other side of the same rule: an organization keeps its kind while rows rely on it.
CREATE FUNCTION crm.keep_organization_kind_in_use() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF OLD.is_principal AND NOT NEW.is_principal AND EXISTS (
       SELECT 1 FROM public.products p WHERE p.workspace_id = OLD.workspace_id AND p.principal_id = OLD.id) THEN
    RAISE EXCEPTION 'organization % still has products; it must stay a principal', OLD.name
      USING ERRCODE = 'check_violation', CONSTRAINT = 'products_principal_is_principal';
  END IF;
  IF OLD.is_distributor AND NOT NEW.is_distributor AND EXISTS (
       SELECT 1 FROM public.opportunities o WHERE o.workspace_id = OLD.workspace_id AND o.distributor_id = OLD.id) THEN
    RAISE EXCEPTION 'organization % is the distributor of opportunities; it must stay a distributor', OLD.name
      USING ERRCODE = 'check_violation', CONSTRAINT = 'opportunities_distributor_is_distributor';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER organizations_keep_kind_in_use BEFORE UPDATE OF is_principal, is_distributor ON public.organizations
  FOR EACH ROW EXECUTE FUNCTION crm.keep_organization_kind_in_use();

-- stage_changed_at moves only when the stage does.
CREATE FUNCTION crm.track_stage_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.stage_changed_at := now();
  ELSIF NEW.stage IS DISTINCT FROM OLD.stage THEN
    NEW.stage_changed_at := now();
  ELSE
    NEW.stage_changed_at := OLD.stage_changed_at;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER opportunities_track_stage_change BEFORE INSERT OR UPDATE ON public.opportunities
  FOR EACH ROW EXECUTE FUNCTION crm.track_stage_change();

-- An interaction's organization follows its opportunity's customer, else its contact's organization.
CREATE FUNCTION crm.derive_interaction_organization() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE derived uuid;
BEGIN
  IF NEW.opportunity_id IS NOT NULL THEN
    SELECT o.organization_id INTO derived FROM public.opportunities o
    WHERE o.workspace_id = NEW.workspace_id AND o.id = NEW.opportunity_id;
  END IF;
  IF derived IS NULL AND NEW.contact_id IS NOT NULL THEN
    SELECT c.organization_id INTO derived FROM public.contacts c
    WHERE c.workspace_id = NEW.workspace_id AND c.id = NEW.contact_id;
  END IF;
  NEW.organization_id := coalesce(derived, NEW.organization_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER interactions_derive_organization BEFORE INSERT OR UPDATE OF opportunity_id, contact_id, organization_id
  ON public.interactions FOR EACH ROW EXECUTE FUNCTION crm.derive_interaction_organization();

-- last_interaction_at on organizations, contacts and opportunities: recomputed
-- exactly (max over live interactions) for every record a statement touched.
CREATE FUNCTION crm.refresh_last_interaction(ws_and_ids jsonb) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  UPDATE public.organizations t SET last_interaction_at = (
    SELECT max(i.interaction_date) FROM public.interactions i
    WHERE i.workspace_id = t.workspace_id AND i.organization_id = t.id AND i.deleted_at IS NULL)
  WHERE t.id IN (SELECT (x->>'organization_id')::uuid FROM jsonb_array_elements(ws_and_ids) x);
  UPDATE public.contacts t SET last_interaction_at = (
    SELECT max(i.interaction_date) FROM public.interactions i
    WHERE i.workspace_id = t.workspace_id AND i.contact_id = t.id AND i.deleted_at IS NULL)
  WHERE t.id IN (SELECT (x->>'contact_id')::uuid FROM jsonb_array_elements(ws_and_ids) x);
  UPDATE public.opportunities t SET last_interaction_at = (
    SELECT max(i.interaction_date) FROM public.interactions i
    WHERE i.workspace_id = t.workspace_id AND i.opportunity_id = t.id AND i.deleted_at IS NULL)
  WHERE t.id IN (SELECT (x->>'opportunity_id')::uuid FROM jsonb_array_elements(ws_and_ids) x);
$$;

CREATE FUNCTION crm.interactions_touch_last_interaction() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE touched jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- New interactions can only move the maximum forward: fold them in directly
    -- (no per-record index probe), and leave records whose value is already newer.
    UPDATE public.organizations t SET last_interaction_at = m.at
    FROM (SELECT workspace_id, organization_id AS id, max(interaction_date) AS at FROM new_rows
          WHERE deleted_at IS NULL AND organization_id IS NOT NULL GROUP BY 1, 2) m
    WHERE t.workspace_id = m.workspace_id AND t.id = m.id AND (t.last_interaction_at IS NULL OR t.last_interaction_at < m.at);
    UPDATE public.contacts t SET last_interaction_at = m.at
    FROM (SELECT workspace_id, contact_id AS id, max(interaction_date) AS at FROM new_rows
          WHERE deleted_at IS NULL AND contact_id IS NOT NULL GROUP BY 1, 2) m
    WHERE t.workspace_id = m.workspace_id AND t.id = m.id AND (t.last_interaction_at IS NULL OR t.last_interaction_at < m.at);
    UPDATE public.opportunities t SET last_interaction_at = m.at
    FROM (SELECT workspace_id, opportunity_id AS id, max(interaction_date) AS at FROM new_rows
          WHERE deleted_at IS NULL AND opportunity_id IS NOT NULL GROUP BY 1, 2) m
    WHERE t.workspace_id = m.workspace_id AND t.id = m.id AND (t.last_interaction_at IS NULL OR t.last_interaction_at < m.at);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(DISTINCT jsonb_build_object('organization_id', organization_id, 'contact_id', contact_id, 'opportunity_id', opportunity_id))
      INTO touched FROM old_rows;
  ELSE
    SELECT jsonb_agg(DISTINCT jsonb_build_object('organization_id', organization_id, 'contact_id', contact_id, 'opportunity_id', opportunity_id))
      INTO touched FROM (
        SELECT n.organization_id, n.contact_id, n.opportunity_id FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        WHERE (n.interaction_date, n.deleted_at, n.organization_id, n.contact_id, n.opportunity_id)
              IS DISTINCT FROM (o.interaction_date, o.deleted_at, o.organization_id, o.contact_id, o.opportunity_id)
        UNION ALL
        SELECT o.organization_id, o.contact_id, o.opportunity_id FROM old_rows o
        JOIN new_rows n ON o.id = n.id
        WHERE (n.interaction_date, n.deleted_at, n.organization_id, n.contact_id, n.opportunity_id)
              IS DISTINCT FROM (o.interaction_date, o.deleted_at, o.organization_id, o.contact_id, o.opportunity_id)
      ) changed;
  END IF;
  IF touched IS NOT NULL THEN
    PERFORM crm.refresh_last_interaction(touched);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER interactions_last_interaction_after_insert AFTER INSERT ON public.interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interactions_touch_last_interaction();
CREATE TRIGGER interactions_last_interaction_after_update AFTER UPDATE ON public.interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interactions_touch_last_interaction();
CREATE TRIGGER interactions_last_interaction_after_delete AFTER DELETE ON public.interactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.interactions_touch_last_interaction();

-- opportunity_principals = the distinct principals of an opportunity's live products.
-- Pairs that stop being derived are soft-deleted (and restored if they come back),
-- so clients see the change through the same stream as everything else.
CREATE FUNCTION crm.refresh_opportunity_principals(opportunity_ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  INSERT INTO public.opportunity_principals (workspace_id, opportunity_id, principal_id)
  SELECT DISTINCT op.workspace_id, op.opportunity_id, p.principal_id
  FROM public.opportunity_products op
  JOIN public.products p ON p.workspace_id = op.workspace_id AND p.id = op.product_id
  WHERE op.opportunity_id = ANY (opportunity_ids) AND op.deleted_at IS NULL
  ON CONFLICT (opportunity_id, principal_id) DO UPDATE SET deleted_at = NULL
    WHERE public.opportunity_principals.deleted_at IS NOT NULL;
  UPDATE public.opportunity_principals opp SET deleted_at = now()
  WHERE opp.opportunity_id = ANY (opportunity_ids) AND opp.deleted_at IS NULL
    AND NOT EXISTS (
      SELECT 1 FROM public.opportunity_products op
      JOIN public.products p ON p.workspace_id = op.workspace_id AND p.id = op.product_id
      WHERE op.opportunity_id = opp.opportunity_id AND op.deleted_at IS NULL AND p.principal_id = opp.principal_id);
$$;

CREATE FUNCTION crm.opportunity_products_derive_principals() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT opportunity_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT opportunity_id) INTO ids FROM old_rows
    WHERE EXISTS (SELECT 1 FROM public.opportunities o WHERE o.id = old_rows.opportunity_id);
  ELSE
    SELECT array_agg(DISTINCT x) INTO ids FROM (
      SELECT opportunity_id FROM new_rows UNION SELECT opportunity_id FROM old_rows) s(x);
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM crm.refresh_opportunity_principals(ids);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER opportunity_products_principals_after_insert AFTER INSERT ON public.opportunity_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.opportunity_products_derive_principals();
CREATE TRIGGER opportunity_products_principals_after_update AFTER UPDATE ON public.opportunity_products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.opportunity_products_derive_principals();
CREATE TRIGGER opportunity_products_principals_after_delete AFTER DELETE ON public.opportunity_products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.opportunity_products_derive_principals();

CREATE FUNCTION crm.products_principal_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE ids uuid[];
BEGIN
  SELECT array_agg(DISTINCT op.opportunity_id) INTO ids
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  JOIN public.opportunity_products op ON op.product_id = n.id
  WHERE n.principal_id IS DISTINCT FROM o.principal_id;
  IF ids IS NOT NULL THEN
    PERFORM crm.refresh_opportunity_principals(ids);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER products_principal_changed_after_update AFTER UPDATE ON public.products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.products_principal_changed();

ALTER FUNCTION crm.check_organization_kinds() OWNER TO crm_maintainer;
ALTER FUNCTION crm.keep_organization_kind_in_use() OWNER TO crm_maintainer;
ALTER FUNCTION crm.derive_interaction_organization() OWNER TO crm_maintainer;
ALTER FUNCTION crm.refresh_last_interaction(jsonb) OWNER TO crm_maintainer;
ALTER FUNCTION crm.interactions_touch_last_interaction() OWNER TO crm_maintainer;
ALTER FUNCTION crm.refresh_opportunity_principals(uuid[]) OWNER TO crm_maintainer;
ALTER FUNCTION crm.opportunity_products_derive_principals() OWNER TO crm_maintainer;
ALTER FUNCTION crm.products_principal_changed() OWNER TO crm_maintainer;
-- Internal helpers: reachable through triggers only.
REVOKE EXECUTE ON FUNCTION crm.refresh_last_interaction(jsonb), crm.refresh_opportunity_principals(uuid[]) FROM PUBLIC;

-- Down Migration
DROP TRIGGER products_principal_changed_after_update ON public.products;
DROP TRIGGER opportunity_products_principals_after_delete ON public.opportunity_products;
DROP TRIGGER opportunity_products_principals_after_update ON public.opportunity_products;
DROP TRIGGER opportunity_products_principals_after_insert ON public.opportunity_products;
DROP TRIGGER interactions_last_interaction_after_delete ON public.interactions;
DROP TRIGGER interactions_last_interaction_after_update ON public.interactions;
DROP TRIGGER interactions_last_interaction_after_insert ON public.interactions;
DROP TRIGGER interactions_derive_organization ON public.interactions;
DROP TRIGGER opportunities_track_stage_change ON public.opportunities;
DROP TRIGGER organizations_keep_kind_in_use ON public.organizations;
DROP TRIGGER opportunities_distributor_is_distributor ON public.opportunities;
DROP TRIGGER products_principal_is_principal ON public.products;
DROP FUNCTION crm.products_principal_changed();
DROP FUNCTION crm.opportunity_products_derive_principals();
DROP FUNCTION crm.refresh_opportunity_principals(uuid[]);
DROP FUNCTION crm.interactions_touch_last_interaction();
DROP FUNCTION crm.refresh_last_interaction(jsonb);
DROP FUNCTION crm.derive_interaction_organization();
DROP FUNCTION crm.track_stage_change();
DROP FUNCTION crm.keep_organization_kind_in_use();
DROP FUNCTION crm.check_organization_kinds();
