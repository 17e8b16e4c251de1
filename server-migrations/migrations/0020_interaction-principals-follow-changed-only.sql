-- Up Migration
-- Issue 13 (pushes at 1,000 mutations/s): the interaction_principals follow
-- trigger (0015) looked for the interactions of changed organizations,
-- opportunities and contacts with one query per statement whatever changed.
-- Its organizations branch ORs two IN (subquery) conditions, which PostgreSQL
-- answers with a scan of every interaction of the database: each update of an
-- organization (a note, a phone number) scanned them all, about 1.3 ms at 5,000
-- interactions and growing with them (the contacts' and opportunities'
-- branches use an index, but still ran a lookup per statement). Only a change of is_principal (an
-- organization), deleted_at (an opportunity) or organization_id (a contact) can
-- move a derivation, so the function now first collects the rows where that
-- column changed, from the statement's transition tables only, and looks for
-- interactions only when there are some. Same results (the tests of 0015 hold);
-- the common edit costs a join of the statement's own rows.

CREATE OR REPLACE FUNCTION crm.interaction_principals_follow() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  ids uuid[];
  moved uuid[];
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
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.deleted_at IS DISTINCT FROM o.deleted_at;
    IF moved IS NOT NULL THEN
      SELECT array_agg(i.id) INTO ids FROM public.interactions i
      WHERE (i.workspace_id, i.opportunity_id) IN (SELECT n.workspace_id, n.id FROM new_rows n WHERE n.id = ANY (moved));
    END IF;
  ELSIF TG_TABLE_NAME = 'organizations' THEN
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.is_principal <> o.is_principal;
    IF moved IS NOT NULL THEN
      SELECT array_agg(i.id) INTO ids FROM public.interactions i
      WHERE (i.workspace_id, i.organization_id) IN (SELECT n.workspace_id, n.id FROM new_rows n WHERE n.id = ANY (moved))
         OR (i.workspace_id, i.contact_id) IN (SELECT c.workspace_id, c.id FROM public.contacts c
                                               JOIN new_rows n ON n.workspace_id = c.workspace_id AND n.id = c.organization_id
                                               WHERE n.id = ANY (moved));
    END IF;
  ELSIF TG_TABLE_NAME = 'contacts' THEN
    SELECT array_agg(n.id) INTO moved FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.organization_id IS DISTINCT FROM o.organization_id;
    IF moved IS NOT NULL THEN
      SELECT array_agg(i.id) INTO ids FROM public.interactions i
      WHERE (i.workspace_id, i.contact_id) IN (SELECT n.workspace_id, n.id FROM new_rows n WHERE n.id = ANY (moved));
    END IF;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM crm.refresh_interaction_principals(ids);
  END IF;
  RETURN NULL;
END
$$;

-- Down Migration
-- The function as 0015 made it.
CREATE OR REPLACE FUNCTION crm.interaction_principals_follow() RETURNS trigger
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
