-- Up Migration
-- The admin's list of refused changes paged on received_at alone
-- (before=<received_at of the last row>). Every mutation of one push group
-- shares its transaction's received_at, so a page that ended inside a group
-- skipped the rest of that group; and the answer carries received_at as a
-- JSON date (milliseconds) while the column keeps microseconds, so rows within
-- the same millisecond as the cursor were skipped too. The page key is now
-- (received_at to the millisecond, mutation_id): exactly what the answer shows,
-- and unique. The five-argument function goes: the server is its only caller.

CREATE FUNCTION crm.admin_rejected_mutations(p_workspace_id uuid, p_user_id uuid, p_device_id uuid,
                                             p_before timestamptz, p_before_id uuid, p_limit integer)
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
           l.field, l.client_created_at, date_trunc('milliseconds', l.received_at)
    FROM crm_private.mutation_log l
    WHERE l.workspace_id = p_workspace_id AND l.status = 'rejected'
      AND (p_user_id IS NULL OR l.user_id = p_user_id)
      AND (p_device_id IS NULL OR l.device_id = p_device_id)
      AND (p_before IS NULL
           OR date_trunc('milliseconds', l.received_at) < p_before
           OR (p_before_id IS NOT NULL AND date_trunc('milliseconds', l.received_at) = p_before
               AND l.mutation_id > p_before_id))
    ORDER BY date_trunc('milliseconds', l.received_at) DESC, l.mutation_id
    LIMIT least(greatest(p_limit, 1), 1000);
END
$$;

ALTER FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, uuid, integer) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, uuid, integer) TO crm_user;

DROP FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer);

-- Down Migration

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

ALTER FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer) OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, integer) TO crm_user;

DROP FUNCTION crm.admin_rejected_mutations(uuid, uuid, uuid, timestamptz, uuid, integer);
