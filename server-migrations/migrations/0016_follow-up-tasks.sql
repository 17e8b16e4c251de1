-- Up Migration
-- Follow-ups become tasks (issue 12): someone who is to do each one
-- (follow_up_assignee_id: whoever made it a follow-up, until it is handed to
-- another member) and an optional time of day on its date. Snoozing and
-- rescheduling are plain changes of the date and time, audited like any edit.
-- And the owner rule of opportunities: only the owner, a manager, an admin or a
-- workspace owner hands an opportunity to someone else.

ALTER TABLE public.interactions
  ADD COLUMN follow_up_assignee_id uuid,
  -- A wall-clock time on follow_up_date (which has no zone either): "call at 09:30"
  -- means 09:30 wherever the rep is that day. Text rather than time so the wire,
  -- the replica and the forms carry the same HH:MM the CHECK reads.
  ADD COLUMN follow_up_time text,
  ADD CONSTRAINT interactions_follow_up_assignee_is_member FOREIGN KEY (workspace_id, follow_up_assignee_id)
    REFERENCES public.workspace_members (workspace_id, user_id),
  ADD CONSTRAINT interactions_follow_up_time_length CHECK (length(follow_up_time) <= 5),
  ADD CONSTRAINT interactions_follow_up_time_pattern CHECK (follow_up_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD CONSTRAINT interactions_follow_up_time_needs_date CHECK (follow_up_time IS NULL OR follow_up_date IS NOT NULL);
COMMENT ON COLUMN public.interactions.follow_up_assignee_id IS 'Who is to do the follow-up; defaults to whoever made it one.';
COMMENT ON COLUMN public.interactions.follow_up_time IS 'Optional HH:MM (24 h) on follow_up_date, in the assignee''s own day.';

-- "My follow-ups" by date: the desktop's Mine view and the server's view below.
CREATE INDEX interactions_follow_up_assignee_idx ON public.interactions (workspace_id, follow_up_assignee_id, follow_up_date);

-- Existing follow-ups belong to whoever logged them, when that person is (or was)
-- a member. A schema-level backfill, not an edit: user triggers (stamps, audit)
-- stay out of it, as in 0013. Desktops refetch the table anyway (new columns).
ALTER TABLE public.interactions DISABLE TRIGGER USER;
UPDATE public.interactions i SET follow_up_assignee_id = i.created_by
FROM public.workspace_members m
WHERE i.follow_up_required AND m.workspace_id = i.workspace_id AND m.user_id = i.created_by;
ALTER TABLE public.interactions ENABLE TRIGGER USER;

-- A follow-up nobody was named for is its maker's: the signed-in user, or for an
-- insert by a maintenance tool (the seed) the row's created_by. Also when an
-- existing interaction becomes a follow-up later. Desktops of the previous
-- version send no assignee and get this too.
CREATE FUNCTION crm.default_follow_up_assignee() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NEW.follow_up_required AND NEW.follow_up_assignee_id IS NULL THEN
    NEW.follow_up_assignee_id := coalesce(crm.current_user_id(), NEW.created_by);
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION crm.default_follow_up_assignee() OWNER TO crm_maintainer;
CREATE TRIGGER interactions_default_follow_up_assignee
  BEFORE INSERT OR UPDATE OF follow_up_required, follow_up_assignee_id ON public.interactions
  FOR EACH ROW EXECUTE FUNCTION crm.default_follow_up_assignee();

GRANT INSERT (follow_up_assignee_id, follow_up_time), UPDATE (follow_up_assignee_id, follow_up_time)
  ON public.interactions TO crm_user;

-- The owner rule. Changing who owns an opportunity is for its owner (handing it
-- over), managers and admins (assigning work); an unowned opportunity may be
-- claimed by any writer. Creating one for someone else stays open (a manager's
-- assistant logs a lead for a rep). Without a signed-in user (maintenance, the
-- seed) nothing is checked: every request has one, and crm_user without it
-- cannot write at all (RLS).
-- insufficient_privilege reaches the desktop as a "forbidden" rejection with
-- this message, shown beside the refused change.
CREATE FUNCTION crm.guard_opportunity_owner() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
DECLARE
  me uuid := crm.current_user_id();
BEGIN
  IF NEW.owner_id IS NOT DISTINCT FROM OLD.owner_id OR me IS NULL OR OLD.owner_id IS NULL
     OR OLD.owner_id = me
     OR crm.member_role(NEW.workspace_id) IN ('owner', 'admin', 'manager') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'only the opportunity''s owner, a manager or an admin can change who owns it'
    USING ERRCODE = 'insufficient_privilege', COLUMN = 'owner_id',
          HINT = 'Ask the owner or a manager to hand the opportunity over.';
END
$$;
ALTER FUNCTION crm.guard_opportunity_owner() OWNER TO crm_maintainer;
CREATE TRIGGER opportunities_guard_owner BEFORE UPDATE OF owner_id ON public.opportunities
  FOR EACH ROW EXECUTE FUNCTION crm.guard_opportunity_owner();

-- follow_ups_due names the assignee and the time (columns added at the end, so
-- CREATE OR REPLACE keeps the view's grants and its readers' column order).
CREATE OR REPLACE VIEW public.follow_ups_due WITH (security_invoker = true) AS
SELECT i.workspace_id, i.id AS interaction_id, i.follow_up_date, i.interaction_type, i.interaction_date, i.notes,
       i.contact_id, i.opportunity_id, i.organization_id, i.created_by,
       CASE
         WHEN i.follow_up_date IS NULL THEN 'unscheduled'
         WHEN i.follow_up_date < current_date THEN 'overdue'
         WHEN i.follow_up_date = current_date THEN 'due'
         ELSE 'upcoming'
       END AS urgency,
       i.follow_up_assignee_id, i.follow_up_time
FROM public.interactions i
WHERE i.follow_up_required AND i.follow_up_done_at IS NULL AND i.deleted_at IS NULL;

-- Down Migration
DROP VIEW public.follow_ups_due;
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
GRANT SELECT ON public.follow_ups_due TO crm_user;

DROP TRIGGER opportunities_guard_owner ON public.opportunities;
DROP FUNCTION crm.guard_opportunity_owner();
REVOKE INSERT (follow_up_assignee_id, follow_up_time), UPDATE (follow_up_assignee_id, follow_up_time)
  ON public.interactions FROM crm_user;
DROP TRIGGER interactions_default_follow_up_assignee ON public.interactions;
DROP FUNCTION crm.default_follow_up_assignee();
DROP INDEX public.interactions_follow_up_assignee_idx;
ALTER TABLE public.interactions DROP COLUMN follow_up_time, DROP COLUMN follow_up_assignee_id;
