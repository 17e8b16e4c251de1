-- Up Migration
-- "Revoke and wipe" for a lost laptop: besides cutting the device off (revoked_at),
-- an admin can ask it to delete its copy of the workspace. The device learns it
-- at its next contact: every request with one of its tokens, even an expired or
-- closed one, is answered 401 device_wiped (the server asks crm.auth_token_wiped),
-- and the client then deletes that account's replica and token.

ALTER TABLE public.devices ADD COLUMN wipe_requested_at timestamptz;
-- A wiped device must not sync on: wiping always revokes too.
ALTER TABLE public.devices ADD CONSTRAINT devices_wipe_means_revoked
  CHECK (wipe_requested_at IS NULL OR revoked_at IS NOT NULL);
COMMENT ON COLUMN public.devices.wipe_requested_at IS 'When an admin asked this device to delete its copy of the workspace (revoke and wipe).';

GRANT UPDATE (wipe_requested_at) ON public.devices TO crm_user;

-- True when the token belongs to a device an admin revoked and wiped. Asked only
-- for tokens that no longer authenticate, so valid requests pay nothing; the
-- session's own expiry or sign-out does not matter: the wipe must still reach a
-- laptop that was offline for months.
CREATE FUNCTION crm.auth_token_wiped(p_token_hash bytea) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT EXISTS (
    SELECT 1 FROM crm_private.sessions s
    JOIN public.devices d ON d.id = s.device_id
    WHERE s.token_hash = p_token_hash AND d.wipe_requested_at IS NOT NULL)
$$;
ALTER FUNCTION crm.auth_token_wiped(bytea) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.auth_token_wiped(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.auth_token_wiped(bytea) TO crm_authenticator;

-- Down Migration
DROP FUNCTION crm.auth_token_wiped(bytea);
REVOKE UPDATE (wipe_requested_at) ON public.devices FROM crm_user;
ALTER TABLE public.devices DROP CONSTRAINT devices_wipe_means_revoked;
ALTER TABLE public.devices DROP COLUMN wipe_requested_at;
