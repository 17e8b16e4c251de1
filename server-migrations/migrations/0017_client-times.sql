-- Up Migration
-- When things happened, not when they arrived (issue 12). A stage moved on a
-- desktop that was offline used to be dated when the server received the
-- mutation, days late for a rep back from a trip. The sync server now hands
-- the mutation's client time (its created_at, the device clock, checked for
-- plausibility by sync/schema/client-time-rules.ts before it gets here) to the
-- transaction as `crm.client_time`; the stage trigger dates the move with it
-- and keeps the server's own time beside it in stage_change_received_at.
-- Statements without a client time (seed, admin SQL, tests) keep now().

ALTER TABLE public.opportunities ADD COLUMN stage_change_received_at timestamptz;
COMMENT ON COLUMN public.opportunities.stage_change_received_at IS
  'When the server received the last stage change; stage_changed_at is when the user made it (the device clock).';
-- Existing rows were dated on arrival, so both times are the same. A schema-level
-- backfill, not a user's edit: the user triggers (audit, stamps) stay out of it.
ALTER TABLE public.opportunities DISABLE TRIGGER USER;
UPDATE public.opportunities SET stage_change_received_at = stage_changed_at;
ALTER TABLE public.opportunities ENABLE TRIGGER USER;
ALTER TABLE public.opportunities
  ALTER COLUMN stage_change_received_at SET DEFAULT now(),
  ALTER COLUMN stage_change_received_at SET NOT NULL;

-- The client time of the mutation being applied, or NULL outside the sync
-- server's mutation path. Set with set_config(..., true): local to the
-- transaction, and undone with the savepoint of a rejected mutation.
CREATE FUNCTION crm.client_time() RETURNS timestamptz
  LANGUAGE sql STABLE
  SET search_path = pg_catalog
AS $$ SELECT nullif(current_setting('crm.client_time', true), '')::timestamptz $$;
ALTER FUNCTION crm.client_time() OWNER TO crm_maintainer;

-- stage_changed_at moves only when the stage does, to when the user moved it.
-- least(): a clock a little fast (within the server's allowance) never dates a
-- move after the server received it.
CREATE OR REPLACE FUNCTION crm.track_stage_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.stage IS DISTINCT FROM OLD.stage THEN
    NEW.stage_changed_at := least(coalesce(crm.client_time(), now()), now());
    NEW.stage_change_received_at := now();
  ELSE
    NEW.stage_changed_at := OLD.stage_changed_at;
    NEW.stage_change_received_at := OLD.stage_change_received_at;
  END IF;
  RETURN NEW;
END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION crm.track_stage_change() RETURNS trigger
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
DROP FUNCTION crm.client_time();
ALTER TABLE public.opportunities DROP COLUMN stage_change_received_at;
