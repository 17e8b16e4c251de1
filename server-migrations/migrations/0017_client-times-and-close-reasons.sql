-- Up Migration
-- Issue 12, third part, in one file because it is one release's number:
-- (1) stage moves dated by the user's time, (2) close reasons (further down).
--
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

-- Why a deal stalled or did not fit (issue 12): asked whenever an opportunity
-- moves to Closed - Stalled or Closed - No Fit, reported on the dashboard.
-- 'Not recorded' is for the deals that were closed so before the question
-- existed: giving them that value keeps the rule a plain, validated CHECK on
-- every row, so editing an old stalled deal's notes is not refused for a
-- reason nobody was asked for. The app never offers it.
CREATE TYPE public.close_reason AS ENUM (
  'No response', 'Timing or budget', 'Price or terms', 'Chose a competitor',
  'Product not a fit', 'No distributor coverage', 'Other', 'Not recorded');
ALTER TABLE public.opportunities
  ADD COLUMN close_reason public.close_reason,
  ADD COLUMN close_reason_note text CONSTRAINT opportunities_close_reason_note_length CHECK (length(close_reason_note) <= 500);
COMMENT ON COLUMN public.opportunities.close_reason IS 'Why it stalled or did not fit; required in Closed - Stalled and Closed - No Fit, cleared when it leaves them.';
ALTER TABLE public.opportunities DISABLE TRIGGER USER;
UPDATE public.opportunities SET close_reason = 'Not recorded' WHERE stage IN ('Closed - Stalled', 'Closed - No Fit');
ALTER TABLE public.opportunities ENABLE TRIGGER USER;
ALTER TABLE public.opportunities ADD CONSTRAINT opportunities_close_reason_required
  CHECK (stage NOT IN ('Closed - Stalled', 'Closed - No Fit') OR close_reason IS NOT NULL);

-- A deal that leaves those stages (reopened, or won after all) sheds its reason,
-- so closing it again asks afresh and the report counts only deals still closed so.
CREATE FUNCTION crm.clear_close_reason() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NEW.stage NOT IN ('Closed - Stalled', 'Closed - No Fit') THEN
    NEW.close_reason := NULL;
    NEW.close_reason_note := NULL;
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION crm.clear_close_reason() OWNER TO crm_maintainer;
CREATE TRIGGER opportunities_clear_close_reason BEFORE INSERT OR UPDATE ON public.opportunities
  FOR EACH ROW EXECUTE FUNCTION crm.clear_close_reason();

-- The dashboard's report reads the replica; this index serves the same question on the server.
CREATE INDEX opportunities_live_close_reason_idx ON public.opportunities (workspace_id, close_reason, stage_changed_at DESC)
  WHERE close_reason IS NOT NULL AND deleted_at IS NULL;

GRANT INSERT (close_reason, close_reason_note), UPDATE (close_reason, close_reason_note) ON public.opportunities TO crm_user;

-- Down Migration
REVOKE INSERT (close_reason, close_reason_note), UPDATE (close_reason, close_reason_note) ON public.opportunities FROM crm_user;
DROP INDEX public.opportunities_live_close_reason_idx;
DROP TRIGGER opportunities_clear_close_reason ON public.opportunities;
DROP FUNCTION crm.clear_close_reason();
ALTER TABLE public.opportunities DROP CONSTRAINT opportunities_close_reason_required;
ALTER TABLE public.opportunities DROP COLUMN close_reason_note, DROP COLUMN close_reason;
DROP TYPE public.close_reason;
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
