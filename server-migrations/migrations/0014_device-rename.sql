-- Up Migration
-- A desktop may rename itself while signed in (the person at the computer
-- chooses how admins will see it: "Elena's laptop"). Sign-in already sends
-- the device's name each time; this lets a rename reach the server at once,
-- without a new sign-in. Only the session's own device, only while the
-- session and the device are live.
CREATE FUNCTION crm.auth_rename_device(p_token_hash bytea, p_name text) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  WITH renamed AS (
    UPDATE public.devices d SET name = p_name, updated_at = now(), updated_by = s.user_id
    FROM crm_private.sessions s
    WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
      AND d.id = s.device_id AND d.revoked_at IS NULL
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM renamed)
$$;
ALTER FUNCTION crm.auth_rename_device(bytea, text) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.auth_rename_device(bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.auth_rename_device(bytea, text) TO crm_authenticator;

-- Down Migration
DROP FUNCTION crm.auth_rename_device(bytea, text);
