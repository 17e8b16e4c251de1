-- Up Migration
-- What the admin API needs beyond the tables crm_user already reaches under
-- RLS, and the events that cut off a revoked device or a removed member at once.
-- Every admin function runs as the signed-in user's transaction (crm_user with
-- crm.user_id set) and checks crm.can_admin itself, so PostgreSQL refuses a
-- non-admin even if the server's own check were skipped.

-- Finds a user by email for an admin adding a member, or creates one with a
-- one-time password (the server generated it and shows it once to the admin).
-- A known user without any password gets the one-time password too.
-- The membership itself is then inserted by the caller, under RLS.
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

-- Per device of the workspace: its last mutation and how many were applied or rejected.
CREATE FUNCTION crm.admin_device_activity(p_workspace_id uuid)
  RETURNS TABLE (device_id uuid, last_mutation_at timestamptz, applied_count bigint, rejected_count bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins see device activity' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    SELECT l.device_id, max(l.received_at), count(*) FILTER (WHERE l.status = 'applied'),
           count(*) FILTER (WHERE l.status = 'rejected')
    FROM crm_private.mutation_log l WHERE l.workspace_id = p_workspace_id
    GROUP BY l.device_id;
END
$$;

-- Rejected mutations of the workspace, newest first, optionally of one user or device.
CREATE FUNCTION crm.admin_rejected_mutations(p_workspace_id uuid, p_user_id uuid, p_device_id uuid,
                                             p_before timestamptz, p_limit integer)
  RETURNS TABLE (device_id uuid, mutation_id uuid, user_id uuid, table_name text, op text, row_id uuid,
                 changes jsonb, code text, message text, field text, client_created_at timestamptz,
                 received_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins see rejected mutations' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    SELECT l.device_id, l.mutation_id, l.user_id, l.table_name, l.op, l.row_id, l.changes, l.code, l.message,
           l.field, l.client_created_at, l.received_at
    FROM crm_private.mutation_log l
    WHERE l.workspace_id = p_workspace_id AND l.status = 'rejected'
      AND (p_user_id IS NULL OR l.user_id = p_user_id)
      AND (p_device_id IS NULL OR l.device_id = p_device_id)
      AND (p_before IS NULL OR l.received_at < p_before)
    ORDER BY l.received_at DESC, l.mutation_id
    LIMIT least(greatest(p_limit, 1), 1000);
END
$$;

-- Mutation rates of the workspace over the last five minutes, and the lag of
-- this database's replication slots (server-wide facts, no tenant data).
CREATE FUNCTION crm.admin_sync_health(p_workspace_id uuid)
  RETURNS TABLE (applied_last_5_minutes bigint, rejected_last_5_minutes bigint, replication_slots jsonb)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NOT crm.can_admin(p_workspace_id) THEN
    RAISE EXCEPTION 'only owners and admins see sync health' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    SELECT
      (SELECT count(*) FROM crm_private.mutation_log l WHERE l.workspace_id = p_workspace_id
         AND l.status = 'applied' AND l.received_at > now() - interval '5 minutes'),
      (SELECT count(*) FROM crm_private.mutation_log l WHERE l.workspace_id = p_workspace_id
         AND l.status = 'rejected' AND l.received_at > now() - interval '5 minutes'),
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'slot_name', s.slot_name, 'slot_type', s.slot_type, 'active', s.active,
                'lag_bytes', CASE WHEN pg_is_in_recovery() THEN NULL
                                  ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(s.confirmed_flush_lsn, s.restart_lsn))::bigint END)
              ORDER BY s.slot_name), '[]'::jsonb)
       FROM pg_replication_slots s WHERE s.database IS NULL OR s.database = current_database());
END
$$;

ALTER FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz) OWNER TO crm_maintainer;
ALTER FUNCTION crm.admin_device_activity(uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer) OWNER TO crm_maintainer;
ALTER FUNCTION crm.admin_sync_health(uuid) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz),
  crm.admin_device_activity(uuid), crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer),
  crm.admin_sync_health(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz),
  crm.admin_device_activity(uuid), crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer),
  crm.admin_sync_health(uuid) TO crm_user;

-- Access events: any change that can end someone's access (device revoked or
-- deleted, resync requested, member removed, user disabled, workspace deleted,
-- session closed) is announced on the channel crm_access. Every server replica
-- LISTENs and re-checks its in-flight shape requests, so a long poll of a
-- revoked device ends at once instead of at its next request. The payload only
-- says what changed; the server re-reads the truth from the database.
CREATE FUNCTION crm.notify_access_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  PERFORM pg_notify('crm_access', json_build_object('table', TG_TABLE_NAME, 'op', lower(TG_OP))::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER devices_access_change AFTER UPDATE OF revoked_at, resync_requested_at OR DELETE ON public.devices
  FOR EACH STATEMENT EXECUTE FUNCTION crm.notify_access_change();
CREATE TRIGGER workspace_members_access_change AFTER UPDATE OF deleted_at OR DELETE ON public.workspace_members
  FOR EACH STATEMENT EXECUTE FUNCTION crm.notify_access_change();
CREATE TRIGGER users_access_change AFTER UPDATE OF disabled_at ON public.users
  FOR EACH STATEMENT EXECUTE FUNCTION crm.notify_access_change();
CREATE TRIGGER workspaces_access_change AFTER UPDATE OF deleted_at ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION crm.notify_access_change();
CREATE TRIGGER sessions_access_change AFTER UPDATE OF revoked_at OR DELETE ON crm_private.sessions
  FOR EACH STATEMENT EXECUTE FUNCTION crm.notify_access_change();

-- Down Migration
DROP TRIGGER sessions_access_change ON crm_private.sessions;
DROP TRIGGER workspaces_access_change ON public.workspaces;
DROP TRIGGER users_access_change ON public.users;
DROP TRIGGER workspace_members_access_change ON public.workspace_members;
DROP TRIGGER devices_access_change ON public.devices;
DROP FUNCTION crm.notify_access_change();
DROP FUNCTION crm.admin_sync_health(uuid);
DROP FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer);
DROP FUNCTION crm.admin_device_activity(uuid);
DROP FUNCTION crm.admin_find_or_create_user(uuid, text, text, text, timestamptz);
