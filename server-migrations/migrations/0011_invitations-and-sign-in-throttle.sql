-- Up Migration
-- Sign-in under abuse:
-- 1. Throttling reserves an attempt before the (slow) password check, in one
--    statement under a row lock: concurrent guesses can no longer all read
--    "not blocked" before any of them is counted.
-- 2. Adding a person to a workspace is an invitation, never an attachment:
--    the admin's answer is the same whether or not an account exists for the
--    email, and nobody joins a workspace without signing in with the code.
--    crm.admin_find_or_create_user (0009), which attached any account by email
--    and told the admin whether it existed, is dropped.
-- 3. The materialized dashboard stats (0006) are dropped: nothing read them,
--    nothing refreshed them on a schedule, and any member, a viewer too, could
--    make the server recompute every workspace's counts.

CREATE FUNCTION crm.auth_throttle_reserve(p_subjects text[], p_free integer[], p_base_ms integer, p_max_ms integer,
                                          p_forget_after interval) RETURNS double precision
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  wait double precision;
  i integer;
  n integer;
  fresh boolean;
BEGIN
  -- Rows exist and are locked in a fixed order, so two reservations never deadlock.
  INSERT INTO crm_private.login_throttle (subject, failures, last_failure_at)
  SELECT s, 0, now() FROM unnest(p_subjects) s ORDER BY s
  ON CONFLICT (subject) DO NOTHING;
  PERFORM 1 FROM crm_private.login_throttle t WHERE t.subject = ANY (p_subjects) ORDER BY t.subject FOR UPDATE;
  SELECT coalesce(max(extract(epoch FROM t.blocked_until - now())), 0) INTO wait
  FROM crm_private.login_throttle t WHERE t.subject = ANY (p_subjects) AND t.blocked_until > now();
  IF wait > 0 THEN
    RETURN wait;
  END IF;
  -- Counted as a failure now; crm.auth_throttle_succeeded takes it back.
  FOR i IN 1 .. cardinality(p_subjects) LOOP
    SELECT t.last_failure_at < now() - p_forget_after OR t.failures = 0 INTO fresh
    FROM crm_private.login_throttle t WHERE t.subject = p_subjects[i];
    UPDATE crm_private.login_throttle t SET
      failures = CASE WHEN fresh THEN 1 ELSE t.failures + 1 END,
      last_failure_at = now()
    WHERE t.subject = p_subjects[i]
    RETURNING t.failures INTO n;
    IF n > p_free[i] THEN
      UPDATE crm_private.login_throttle t
      SET blocked_until = now() + make_interval(secs => least(p_base_ms * power(2, n - p_free[i] - 1), p_max_ms) / 1000.0)
      WHERE t.subject = p_subjects[i];
    END IF;
  END LOOP;
  RETURN 0;
END
$$;

-- A wrong password, answered: a lockout runs from the answer, not from the
-- reservation (which came before the slow password check).
CREATE FUNCTION crm.auth_throttle_failed(p_subjects text[], p_free integer[], p_base_ms integer, p_max_ms integer)
  RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  UPDATE crm_private.login_throttle t
  SET blocked_until = greatest(t.blocked_until,
        now() + make_interval(secs => least(p_base_ms * power(2, t.failures - f.free - 1), p_max_ms) / 1000.0))
  FROM unnest(p_subjects, p_free) AS f (subject, free)
  WHERE t.subject = f.subject AND t.failures > f.free;
$$;

-- A right password: the account starts over; the address gets back the one
-- attempt its reservation counted (one valid account must not reset guessing at others).
CREATE FUNCTION crm.auth_throttle_succeeded(p_account text, p_address text, p_address_free integer) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  DELETE FROM crm_private.login_throttle WHERE subject = p_account;
  UPDATE crm_private.login_throttle t SET
    failures = greatest(t.failures - 1, 0),
    blocked_until = CASE WHEN t.failures - 1 > p_address_free THEN t.blocked_until END
  WHERE t.subject = p_address;
$$;

-- An invitation to join a workspace with a role. Only the sha256 of its code
-- is kept: the code is 95 random bits, shown once to the admin who passes it on.
CREATE TABLE crm_private.invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  email text NOT NULL CONSTRAINT invitations_email_format CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 320),
  display_name text NOT NULL CONSTRAINT invitations_display_name_not_blank CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  role public.member_role NOT NULL,
  code_hash bytea NOT NULL CONSTRAINT invitations_code_hash_unique UNIQUE
    CONSTRAINT invitations_code_hash_is_sha256 CHECK (length(code_hash) = 32),
  expires_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  accepted_by uuid
);
CREATE INDEX invitations_workspace_idx ON crm_private.invitations (workspace_id);
CREATE INDEX invitations_email_idx ON crm_private.invitations (lower(email));
COMMENT ON TABLE crm_private.invitations IS
  'Pending and accepted invitations to a workspace. Not a membership: only signing in with the code makes one.';
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_private.invitations TO crm_maintainer;

-- Runs as the admin (crm_user with crm.user_id set). Says nothing about
-- whether an account exists for the email; replaces an earlier pending
-- invitation of the same email to the same workspace. CRMI1: already an active member.
CREATE FUNCTION crm.admin_invite_member(p_workspace_id uuid, p_email text, p_display_name text, p_role public.member_role,
                                        p_code_hash bytea, p_expires_at timestamptz)
  RETURNS TABLE (invitation_id uuid, expires_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  inv crm_private.invitations;
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins invite members' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_role = 'owner' AND crm.member_role(p_workspace_id) <> 'owner' THEN
    RAISE EXCEPTION 'only an owner may invite an owner' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The admin sees the workspace's members anyway: this tells nothing about other workspaces.
  IF EXISTS (SELECT 1 FROM public.workspace_members m JOIN public.users u ON u.id = m.user_id
             WHERE m.workspace_id = p_workspace_id AND lower(u.email) = lower(p_email) AND m.deleted_at IS NULL) THEN
    RAISE EXCEPTION '% is already a member of this workspace', p_email USING ERRCODE = 'CRMI1';
  END IF;
  DELETE FROM crm_private.invitations i
  WHERE i.workspace_id = p_workspace_id AND lower(i.email) = lower(p_email) AND i.accepted_at IS NULL;
  INSERT INTO crm_private.invitations (workspace_id, email, display_name, role, code_hash, expires_at, created_by)
  VALUES (p_workspace_id, p_email, p_display_name, p_role, p_code_hash, p_expires_at, crm.current_user_id())
  RETURNING * INTO inv;
  RETURN QUERY SELECT inv.id, inv.expires_at;
END
$$;

-- The pending invitations of a workspace, for its admins.
CREATE FUNCTION crm.admin_pending_invitations(p_workspace_id uuid)
  RETURNS TABLE (invitation_id uuid, email text, display_name text, role public.member_role,
                 created_at timestamptz, expires_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins see invitations' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    SELECT i.id, i.email, i.display_name, i.role, i.created_at, i.expires_at FROM crm_private.invitations i
    WHERE i.workspace_id = p_workspace_id AND i.accepted_at IS NULL AND i.expires_at > now()
    ORDER BY i.created_at, i.id;
END
$$;

-- The invitation a code stands for, when it is for this email and not used up.
-- Read by the login role before it decides anything, so it returns the expiry
-- and lets the server say "expired" only to whoever holds the code.
CREATE FUNCTION crm.auth_find_invitation(p_email text, p_code_hash bytea)
  RETURNS TABLE (invitation_id uuid, workspace_id uuid, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT i.id, i.workspace_id, i.expires_at FROM crm_private.invitations i
  JOIN public.workspaces w ON w.id = i.workspace_id AND w.deleted_at IS NULL
  WHERE i.code_hash = p_code_hash AND lower(i.email) = lower(p_email) AND i.accepted_at IS NULL
$$;

-- Makes the user (whose password the server has just verified, or who was
-- just created from this invitation) a member with the invited role, and uses
-- the invitation up. A removed member is reactivated. CRMI2: no usable invitation.
CREATE FUNCTION crm.auth_accept_invitation(p_user_id uuid, p_code_hash bytea) RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  inv crm_private.invitations;
BEGIN
  SELECT i.* INTO inv FROM crm_private.invitations i
  JOIN public.users u ON lower(u.email) = lower(i.email) AND u.id = p_user_id
  WHERE i.code_hash = p_code_hash AND i.accepted_at IS NULL AND i.expires_at > now()
  FOR UPDATE OF i;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no pending invitation with this code for this account' USING ERRCODE = 'CRMI2';
  END IF;
  INSERT INTO public.workspace_members (workspace_id, user_id, role, created_by, updated_by)
  VALUES (inv.workspace_id, p_user_id, inv.role, inv.created_by, inv.created_by)
  ON CONFLICT (workspace_id, user_id) DO UPDATE SET
    role = CASE WHEN public.workspace_members.deleted_at IS NULL THEN public.workspace_members.role ELSE EXCLUDED.role END,
    deleted_at = NULL;
  UPDATE crm_private.invitations SET accepted_at = now(), accepted_by = p_user_id WHERE id = inv.id;
  RETURN inv.workspace_id;
END
$$;

-- A person with no account yet claims an invitation: the account is created
-- with the password they chose, from the invitation's email and name.
-- CRMI3: an account with that email exists (it must sign in with its own password).
CREATE FUNCTION crm.auth_claim_invitation(p_email text, p_code_hash bytea, p_password_hash text)
  RETURNS TABLE (user_id uuid, workspace_id uuid)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  inv crm_private.invitations;
  uid uuid;
BEGIN
  SELECT i.* INTO inv FROM crm_private.invitations i
  WHERE i.code_hash = p_code_hash AND lower(i.email) = lower(p_email) AND i.accepted_at IS NULL AND i.expires_at > now()
  FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no pending invitation with this code for this email' USING ERRCODE = 'CRMI2';
  END IF;
  IF EXISTS (SELECT 1 FROM public.users u WHERE lower(u.email) = lower(p_email)) THEN
    RAISE EXCEPTION 'an account with this email exists' USING ERRCODE = 'CRMI3';
  END IF;
  INSERT INTO public.users (email, display_name, created_by, updated_by)
  VALUES (inv.email, inv.display_name, inv.created_by, inv.created_by) RETURNING id INTO uid;
  PERFORM crm.auth_set_password(uid, p_password_hash);
  RETURN QUERY SELECT uid, crm.auth_accept_invitation(uid, p_code_hash);
END
$$;

ALTER FUNCTION crm.auth_throttle_reserve(text[], integer[], integer, integer, interval) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_throttle_failed(text[], integer[], integer, integer) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_throttle_succeeded(text, text, integer) OWNER TO crm_maintainer;
ALTER FUNCTION crm.admin_invite_member(uuid, text, text, public.member_role, bytea, timestamptz) OWNER TO crm_maintainer;
ALTER FUNCTION crm.admin_pending_invitations(uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_find_invitation(text, bytea) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_accept_invitation(uuid, bytea) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_claim_invitation(text, bytea, text) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.auth_throttle_reserve(text[], integer[], integer, integer, interval),
  crm.auth_throttle_failed(text[], integer[], integer, integer), crm.auth_throttle_succeeded(text, text, integer),
  crm.admin_invite_member(uuid, text, text, public.member_role, bytea, timestamptz),
  crm.admin_pending_invitations(uuid), crm.auth_find_invitation(text, bytea),
  crm.auth_accept_invitation(uuid, bytea), crm.auth_claim_invitation(text, bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.auth_throttle_reserve(text[], integer[], integer, integer, interval),
  crm.auth_throttle_failed(text[], integer[], integer, integer), crm.auth_throttle_succeeded(text, text, integer),
  crm.auth_find_invitation(text, bytea),
  crm.auth_accept_invitation(uuid, bytea), crm.auth_claim_invitation(text, bytea, text) TO crm_authenticator;
GRANT EXECUTE ON FUNCTION crm.admin_invite_member(uuid, text, text, public.member_role, bytea, timestamptz),
  crm.admin_pending_invitations(uuid) TO crm_user;

DROP FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz);

DROP FUNCTION public.refresh_dashboard_stats();
DROP FUNCTION public.get_dashboard_stats();
DROP MATERIALIZED VIEW crm_private.dashboard_stats;

-- Down Migration
-- As 0006 made them.
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
ALTER MATERIALIZED VIEW crm_private.dashboard_stats OWNER TO crm_maintainer;
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
  REFRESH MATERIALIZED VIEW CONCURRENTLY crm_private.dashboard_stats;
END
$$;
ALTER FUNCTION public.get_dashboard_stats() OWNER TO crm_maintainer;
ALTER FUNCTION public.refresh_dashboard_stats() OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION public.get_dashboard_stats(), public.refresh_dashboard_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.get_dashboard_stats(), public.refresh_dashboard_stats() TO crm_user;

-- As 0009 made it.
CREATE FUNCTION crm.admin_find_or_create_user(p_workspace_id uuid, p_email text, p_display_name text,
                                              p_one_time_hash text, p_one_time_expires_at timestamptz)
  RETURNS TABLE (user_id uuid, created_user boolean, one_time_password_set boolean)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  uid uuid;
  created boolean := false;
  otp boolean := false;
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins add members' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT u.id INTO uid FROM public.users u WHERE lower(u.email) = lower(p_email);
  IF uid IS NULL THEN
    INSERT INTO public.users (email, display_name, created_by, updated_by)
    VALUES (p_email, p_display_name, crm.current_user_id(), crm.current_user_id()) RETURNING id INTO uid;
    created := true;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.user_credentials c WHERE c.user_id = uid) THEN
    INSERT INTO public.user_credentials (user_id, password_hash) VALUES (uid, p_one_time_hash);
    INSERT INTO crm_private.one_time_passwords (user_id, expires_at, created_by)
    VALUES (uid, p_one_time_expires_at, crm.current_user_id());
    otp := true;
  END IF;
  RETURN QUERY SELECT uid, created, otp;
END
$$;
ALTER FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz) TO crm_user;

DROP FUNCTION crm.auth_claim_invitation(text, bytea, text);
DROP FUNCTION crm.auth_accept_invitation(uuid, bytea);
DROP FUNCTION crm.auth_find_invitation(text, bytea);
DROP FUNCTION crm.admin_pending_invitations(uuid);
DROP FUNCTION crm.admin_invite_member(uuid, text, text, public.member_role, bytea, timestamptz);
DROP TABLE crm_private.invitations;
DROP FUNCTION crm.auth_throttle_succeeded(text, text, integer);
DROP FUNCTION crm.auth_throttle_failed(text[], integer[], integer, integer);
DROP FUNCTION crm.auth_throttle_reserve(text[], integer[], integer, integer, interval);
