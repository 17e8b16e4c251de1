-- Up Migration
-- Sign-in state of the sync server: sessions (bearer tokens stored as sha256),
-- failed-login throttling, one-time passwords of invited users, and the
-- SECURITY DEFINER functions through which the login role (crm_authenticator,
-- which owns nothing and cannot read these tables) takes the privileged steps:
-- looking up a login, opening and checking sessions, registering the device,
-- creating the first owner. All of it lives in crm_private, out of every
-- client role's reach; each function is EXECUTE-able only by the role that calls it.

CREATE TABLE crm_private.sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- sha256 of the bearer token: a stolen database copy does not yield usable tokens.
  token_hash bytea NOT NULL CONSTRAINT sessions_token_hash_unique UNIQUE
    CONSTRAINT sessions_token_hash_is_sha256 CHECK (length(token_hash) = 32),
  user_id uuid NOT NULL REFERENCES public.users (id),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  device_id uuid NOT NULL REFERENCES public.devices (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX sessions_device_idx ON crm_private.sessions (device_id);
CREATE INDEX sessions_user_idx ON crm_private.sessions (user_id);
CREATE INDEX sessions_workspace_idx ON crm_private.sessions (workspace_id);
COMMENT ON TABLE crm_private.sessions IS 'Bearer tokens (sha256 only) bound to a user, a workspace and a device; expiring and revocable.';

-- One row per throttled subject: 'account:<lower(email)>' or 'address:<ip>'.
CREATE TABLE crm_private.login_throttle (
  subject text PRIMARY KEY CONSTRAINT login_throttle_subject_known CHECK (subject ~ '^(account|address):'),
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  blocked_until timestamptz
);
COMMENT ON TABLE crm_private.login_throttle IS 'Failed sign-ins per account and per address; a subject is refused until blocked_until.';

-- Present while a user's password is a one-time password an admin handed out.
CREATE TABLE crm_private.one_time_passwords (
  user_id uuid PRIMARY KEY REFERENCES public.users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE crm_private.one_time_passwords IS 'Users whose current password was issued by an admin: it must be replaced at the first sign-in.';

GRANT SELECT, INSERT, UPDATE, DELETE ON crm_private.sessions, crm_private.login_throttle,
  crm_private.one_time_passwords TO crm_maintainer;

-- The sign-in candidates for an email: one row per live workspace membership
-- (or one row without a workspace when there is none). No row: no such user.
CREATE FUNCTION crm.auth_login_lookup(p_email text) RETURNS TABLE (
  user_id uuid, email text, display_name text, password_hash text, disabled boolean,
  one_time_expires_at timestamptz, workspace_id uuid, workspace_name text, role public.member_role)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT u.id, u.email, u.display_name, c.password_hash, u.disabled_at IS NOT NULL, otp.expires_at,
         w.id, w.name, m.role
  FROM public.users u
  LEFT JOIN public.user_credentials c ON c.user_id = u.id
  LEFT JOIN crm_private.one_time_passwords otp ON otp.user_id = u.id
  LEFT JOIN (public.workspace_members m JOIN public.workspaces w ON w.id = m.workspace_id AND w.deleted_at IS NULL)
    ON m.user_id = u.id AND m.deleted_at IS NULL
  WHERE lower(u.email) = lower(p_email)
  ORDER BY w.name, w.id
$$;

-- Replaces a password (the server verified the old one); ends a one-time password.
CREATE FUNCTION crm.auth_set_password(p_user_id uuid, p_password_hash text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  INSERT INTO public.user_credentials (user_id, password_hash) VALUES (p_user_id, p_password_hash)
  ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, password_updated_at = now();
  DELETE FROM crm_private.one_time_passwords WHERE user_id = p_user_id;
END
$$;

-- Seconds until every given subject may try again (0 when none is blocked).
CREATE FUNCTION crm.auth_throttle_wait(p_subjects text[]) RETURNS double precision
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT coalesce(max(extract(epoch FROM t.blocked_until - now())), 0)::double precision
  FROM crm_private.login_throttle t
  WHERE t.subject = ANY (p_subjects) AND t.blocked_until > now()
$$;

-- Counts a failure; past p_free failures the subject is blocked for
-- p_base_ms * 2^(extra failures - 1), at most p_max_ms. Failures older than
-- p_forget_after are forgotten. One atomic upsert, so racing attempts all count.
CREATE FUNCTION crm.auth_throttle_fail(p_subject text, p_free integer, p_base_ms integer, p_max_ms integer,
                                       p_forget_after interval) RETURNS integer
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  INSERT INTO crm_private.login_throttle AS t (subject, failures, last_failure_at, blocked_until)
  VALUES (p_subject, 1, now(), CASE WHEN p_free < 1 THEN now() + make_interval(secs => p_base_ms / 1000.0) END)
  ON CONFLICT (subject) DO UPDATE SET
    failures = CASE WHEN t.last_failure_at < now() - p_forget_after THEN 1 ELSE t.failures + 1 END,
    last_failure_at = now(),
    blocked_until = CASE
      WHEN (CASE WHEN t.last_failure_at < now() - p_forget_after THEN 1 ELSE t.failures + 1 END) > p_free
      THEN now() + make_interval(secs => least(
        p_base_ms * power(2, (CASE WHEN t.last_failure_at < now() - p_forget_after THEN 1 ELSE t.failures + 1 END) - p_free - 1),
        p_max_ms) / 1000.0)
    END
  RETURNING t.failures
$$;

CREATE FUNCTION crm.auth_throttle_clear(p_subject text) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$ DELETE FROM crm_private.login_throttle WHERE subject = p_subject $$;

-- Registers (or updates) the device and opens a session. Refuses a device id
-- that belongs to another account or workspace (CRMD1), a revoked device
-- (CRMD2), and a user who is not an active member of the workspace (CRMM1).
CREATE FUNCTION crm.auth_open_session(p_user_id uuid, p_workspace_id uuid, p_device_id uuid, p_device_name text,
                                      p_platform text, p_app_version text, p_token_hash bytea, p_expires_at timestamptz)
  RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  d public.devices;
  session_id uuid;
BEGIN
  IF NOT EXISTS (
       SELECT 1 FROM public.workspace_members m
       JOIN public.users u ON u.id = m.user_id
       JOIN public.workspaces w ON w.id = m.workspace_id
       WHERE m.workspace_id = p_workspace_id AND m.user_id = p_user_id
         AND m.deleted_at IS NULL AND u.disabled_at IS NULL AND w.deleted_at IS NULL) THEN
    RAISE EXCEPTION 'not an active member of this workspace' USING ERRCODE = 'CRMM1';
  END IF;
  SELECT * INTO d FROM public.devices WHERE id = p_device_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO public.devices (id, workspace_id, user_id, name, platform, app_version, last_seen_at)
    VALUES (p_device_id, p_workspace_id, p_user_id, p_device_name, p_platform, p_app_version, now());
  ELSIF d.user_id <> p_user_id OR d.workspace_id <> p_workspace_id THEN
    RAISE EXCEPTION 'device % is registered to another account or workspace', p_device_id USING ERRCODE = 'CRMD1';
  ELSIF d.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'device % was revoked by an admin', p_device_id USING ERRCODE = 'CRMD2';
  ELSE
    UPDATE public.devices SET name = p_device_name, platform = p_platform, app_version = p_app_version, last_seen_at = now()
    WHERE id = p_device_id;
  END IF;
  INSERT INTO crm_private.sessions (token_hash, user_id, workspace_id, device_id, expires_at)
  VALUES (p_token_hash, p_user_id, p_workspace_id, p_device_id, p_expires_at)
  RETURNING id INTO session_id;
  RETURN session_id;
END
$$;

-- The live sessions among the given token hashes: not expired, not revoked,
-- device not revoked, membership live, user enabled, workspace not deleted.
-- Read-only, so it can re-check every in-flight request at once.
CREATE FUNCTION crm.auth_sessions_check(p_token_hashes bytea[]) RETURNS TABLE (
  token_hash bytea, session_id uuid, user_id uuid, email text, display_name text,
  workspace_id uuid, workspace_name text, role public.member_role,
  device_id uuid, device_name text, platform text, app_version text,
  resync_requested_at timestamptz, expires_at timestamptz, last_used_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT s.token_hash, s.id, u.id, u.email, u.display_name, w.id, w.name, m.role,
         d.id, d.name, d.platform, d.app_version, d.resync_requested_at, s.expires_at, s.last_used_at
  FROM crm_private.sessions s
  JOIN public.users u ON u.id = s.user_id AND u.disabled_at IS NULL
  JOIN public.workspaces w ON w.id = s.workspace_id AND w.deleted_at IS NULL
  JOIN public.workspace_members m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id AND m.deleted_at IS NULL
  JOIN public.devices d ON d.id = s.device_id AND d.revoked_at IS NULL
  WHERE s.token_hash = ANY (p_token_hashes) AND s.revoked_at IS NULL AND s.expires_at > now()
$$;

-- Marks a session and its device as seen; at most once a minute, so a busy
-- client does not turn every request into a write.
CREATE FUNCTION crm.auth_touch_session(p_session_id uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  WITH s AS (
    UPDATE crm_private.sessions SET last_used_at = now()
    WHERE id = p_session_id AND last_used_at < now() - interval '1 minute'
    RETURNING device_id)
  UPDATE public.devices d SET last_seen_at = now() FROM s WHERE d.id = s.device_id
$$;

CREATE FUNCTION crm.auth_close_session(p_token_hash bytea) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  WITH closed AS (
    UPDATE crm_private.sessions SET revoked_at = now()
    WHERE token_hash = p_token_hash AND revoked_at IS NULL RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM closed)
$$;

-- True until the first workspace exists.
CREATE FUNCTION crm.bootstrap_needed() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$ SELECT NOT EXISTS (SELECT 1 FROM public.workspaces) $$;

-- Creates the first owner and workspace, once: refused (CRMS1) as soon as any
-- workspace exists. An existing user with that email (e.g. seeded) is reused.
CREATE FUNCTION crm.bootstrap_first_owner(p_email text, p_display_name text, p_password_hash text, p_workspace_name text)
  RETURNS TABLE (user_id uuid, workspace_id uuid)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  uid uuid;
  wid uuid := gen_random_uuid();
BEGIN
  -- Two servers starting at once: the second waits, then sees the workspace.
  PERFORM pg_advisory_xact_lock(hashtext('crm.bootstrap_first_owner'));
  IF EXISTS (SELECT 1 FROM public.workspaces) THEN
    RAISE EXCEPTION 'the first owner already exists' USING ERRCODE = 'CRMS1';
  END IF;
  SELECT u.id INTO uid FROM public.users u WHERE lower(u.email) = lower(p_email);
  IF uid IS NULL THEN
    INSERT INTO public.users (email, display_name) VALUES (p_email, p_display_name) RETURNING id INTO uid;
  END IF;
  PERFORM crm.auth_set_password(uid, p_password_hash);
  INSERT INTO public.workspaces (id, name, created_by, updated_by) VALUES (wid, p_workspace_name, uid, uid);
  INSERT INTO public.workspace_members (workspace_id, user_id, role, created_by, updated_by)
  VALUES (wid, uid, 'owner', uid, uid);
  RETURN QUERY SELECT uid, wid;
END
$$;

ALTER FUNCTION crm.auth_login_lookup(text) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_set_password(uuid, text) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_throttle_wait(text[]) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_throttle_fail(text, integer, integer, integer, interval) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_throttle_clear(text) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_open_session(uuid, uuid, uuid, text, text, text, bytea, timestamptz) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_sessions_check(bytea[]) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_touch_session(uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.auth_close_session(bytea) OWNER TO crm_maintainer;
ALTER FUNCTION crm.bootstrap_needed() OWNER TO crm_maintainer;
ALTER FUNCTION crm.bootstrap_first_owner(text, text, text, text) OWNER TO crm_maintainer;

-- Functions are executable by PUBLIC by default: take that back, then grant
-- each to the login role only (it calls them before taking on crm_user).
REVOKE EXECUTE ON FUNCTION crm.auth_login_lookup(text), crm.auth_set_password(uuid, text),
  crm.auth_throttle_wait(text[]), crm.auth_throttle_fail(text, integer, integer, integer, interval),
  crm.auth_throttle_clear(text), crm.auth_open_session(uuid, uuid, uuid, text, text, text, bytea, timestamptz),
  crm.auth_sessions_check(bytea[]), crm.auth_touch_session(uuid), crm.auth_close_session(bytea),
  crm.bootstrap_needed(), crm.bootstrap_first_owner(text, text, text, text) FROM PUBLIC;
GRANT USAGE ON SCHEMA crm TO crm_authenticator;
GRANT EXECUTE ON FUNCTION crm.auth_login_lookup(text), crm.auth_set_password(uuid, text),
  crm.auth_throttle_wait(text[]), crm.auth_throttle_fail(text, integer, integer, integer, interval),
  crm.auth_throttle_clear(text), crm.auth_open_session(uuid, uuid, uuid, text, text, text, bytea, timestamptz),
  crm.auth_sessions_check(bytea[]), crm.auth_touch_session(uuid), crm.auth_close_session(bytea),
  crm.bootstrap_needed(), crm.bootstrap_first_owner(text, text, text, text) TO crm_authenticator;

-- Down Migration
DROP FUNCTION crm.bootstrap_first_owner(text, text, text, text);
DROP FUNCTION crm.bootstrap_needed();
DROP FUNCTION crm.auth_close_session(bytea);
DROP FUNCTION crm.auth_touch_session(uuid);
DROP FUNCTION crm.auth_sessions_check(bytea[]);
DROP FUNCTION crm.auth_open_session(uuid, uuid, uuid, text, text, text, bytea, timestamptz);
DROP FUNCTION crm.auth_throttle_clear(text);
DROP FUNCTION crm.auth_throttle_fail(text, integer, integer, integer, interval);
DROP FUNCTION crm.auth_throttle_wait(text[]);
DROP FUNCTION crm.auth_set_password(uuid, text);
DROP FUNCTION crm.auth_login_lookup(text);
REVOKE USAGE ON SCHEMA crm FROM crm_authenticator;
DROP TABLE crm_private.one_time_passwords;
DROP TABLE crm_private.login_throttle;
DROP TABLE crm_private.sessions;
