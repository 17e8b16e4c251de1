-- Up Migration
-- Roles, the `crm` helper schema, the identity contract and the domain enums.
--
-- Identity contract (DESIGN.md): the sync server logs in as `crm_authenticator`
-- (owns nothing, no BYPASSRLS) and runs each request in a transaction with
--   SET LOCAL ROLE crm_user; SELECT set_config('crm.user_id', '<uuid>', true);
-- `crm_maintainer` owns the SECURITY DEFINER functions that triggers and RLS
-- helpers run as; it has no login and is reached only through those functions.
-- Roles are cluster-wide, so they are created only when missing.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_user') THEN
    CREATE ROLE crm_user NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_maintainer') THEN
    CREATE ROLE crm_maintainer NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_authenticator') THEN
    -- LOGIN and a password are given by the deployment (the embedded server does it).
    CREATE ROLE crm_authenticator NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

GRANT crm_user TO crm_authenticator;

CREATE SCHEMA crm;
COMMENT ON SCHEMA crm IS 'Helper functions for identity, access checks and derived data; no tables.';
GRANT USAGE ON SCHEMA crm TO crm_user, crm_maintainer;
GRANT USAGE ON SCHEMA public TO crm_user, crm_maintainer;

-- The caller, as set by the server for this transaction; NULL when nobody is signed in.
-- No SET clause, so the planner inlines it into the calling query: it runs for every
-- row written (stamps, audit) and in every access check, and a function with a SET
-- clause is a full call each time (measured: 7% of a bulk insert's CPU). Every name
-- is schema-qualified instead, so no search_path can change what it means.
CREATE FUNCTION crm.current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN pg_catalog.current_setting('crm.user_id', true) OPERATOR(pg_catalog.=) '' THEN NULL
              ELSE pg_catalog.current_setting('crm.user_id', true)::pg_catalog.uuid END
$$;
COMMENT ON FUNCTION crm.current_user_id() IS 'The signed-in user of this transaction (crm.user_id), or NULL.';

CREATE TYPE public.member_role AS ENUM ('owner', 'admin', 'manager', 'rep', 'viewer');
CREATE TYPE public.opportunity_stage AS ENUM (
  'New Lead', 'Initial Outreach', 'Sample/Visit Offered', 'Awaiting Response',
  'Feedback Logged', 'Demo Scheduled', 'Closed - Won', 'Closed - Stalled', 'Closed - No Fit'
);
CREATE TYPE public.interaction_type AS ENUM ('Email', 'Phone Call', 'Meeting', 'Demo/sampled', 'Follow-up', 'Note');
CREATE TYPE public.sentiment AS ENUM ('Positive', 'Neutral', 'Negative');
CREATE TYPE public.advocacy_status AS ENUM ('Champion', 'Supporter', 'Neutral', 'Skeptic', 'Blocker');
CREATE TYPE public.engagement_level AS ENUM ('High', 'Medium', 'Low', 'Inactive');

-- Down Migration
DROP TYPE public.engagement_level;
DROP TYPE public.advocacy_status;
DROP TYPE public.sentiment;
DROP TYPE public.interaction_type;
DROP TYPE public.opportunity_stage;
DROP TYPE public.member_role;
DROP FUNCTION crm.current_user_id();
REVOKE USAGE ON SCHEMA public FROM crm_user, crm_maintainer;
DROP SCHEMA crm;
-- Roles are shared by every database of the cluster: they stay.
