-- Up Migration
-- An organization's kind made explicit: principal, distributor, customer, any
-- combination, at least one. Before this, "customer" meant "neither box ticked",
-- so a distributor that also buys could not be a customer and a form could not
-- say what an unticked organization was.

ALTER TABLE public.organizations ADD COLUMN is_customer boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN public.organizations.is_customer IS 'Buys from the broker''s principals (restaurants, operators, chains); may also be a principal or distributor.';

-- The old meaning, kept for existing rows. A schema-level backfill, not a user's
-- edit: the user triggers (audit, updated_at stamps) stay out of it, so no row
-- looks edited by nobody today. Desktops refetch the table anyway (new column).
ALTER TABLE public.organizations DISABLE TRIGGER USER;
UPDATE public.organizations SET is_customer = true WHERE NOT is_principal AND NOT is_distributor;
ALTER TABLE public.organizations ENABLE TRIGGER USER;

ALTER TABLE public.organizations ADD CONSTRAINT organizations_has_a_kind
  CHECK (is_principal OR is_distributor OR is_customer);

-- A desktop of the previous version sends new customers with neither box and
-- without is_customer: keep what it meant instead of refusing its queued work.
CREATE FUNCTION crm.default_organization_kind() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT (NEW.is_principal OR NEW.is_distributor OR NEW.is_customer) THEN
    NEW.is_customer := true;
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION crm.default_organization_kind() OWNER TO crm_maintainer;
CREATE TRIGGER organizations_default_kind BEFORE INSERT ON public.organizations
  FOR EACH ROW EXECUTE FUNCTION crm.default_organization_kind();

CREATE INDEX organizations_live_customers_idx ON public.organizations (workspace_id, name)
  WHERE is_customer AND deleted_at IS NULL;

GRANT INSERT (is_customer), UPDATE (is_customer) ON public.organizations TO crm_user;

-- Down Migration
REVOKE INSERT (is_customer), UPDATE (is_customer) ON public.organizations FROM crm_user;
DROP INDEX public.organizations_live_customers_idx;
DROP TRIGGER organizations_default_kind ON public.organizations;
DROP FUNCTION crm.default_organization_kind();
ALTER TABLE public.organizations DROP CONSTRAINT organizations_has_a_kind;
ALTER TABLE public.organizations DROP COLUMN is_customer;
