-- Up Migration
-- A fingerprint of each logged mutation's payload (sha256 of table, op, row
-- and changes, computed by the server): a mutation_id reused for a different
-- change is refused as a conflict instead of being answered with the first
-- one's result while the new change silently vanishes. Rows logged before this
-- migration keep NULL: unknown, treated as matching (the old behaviour).

ALTER TABLE crm_private.mutation_log
  ADD COLUMN payload_hash text CONSTRAINT mutation_log_payload_hash_sha256 CHECK (payload_hash ~ '^[0-9a-f]{64}$');
COMMENT ON COLUMN crm_private.mutation_log.payload_hash IS
  'Hex sha256 of (table, op, row_id, changes) as the server canonicalized them; NULL for rows logged before it existed.';

DROP FUNCTION crm.mutation_lookup(uuid, uuid);
CREATE FUNCTION crm.mutation_lookup(p_device_id uuid, p_mutation_id uuid)
  RETURNS TABLE (status text, txid text, code text, message text, field text, unchanged boolean, payload_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT l.status, l.txid, l.code, l.message, l.field, l.unchanged, l.payload_hash FROM crm_private.mutation_log l
  WHERE l.device_id = p_device_id AND l.mutation_id = p_mutation_id
$$;

DROP FUNCTION crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean);
CREATE FUNCTION crm.mutation_record(p_device_id uuid, p_mutation_id uuid, p_workspace_id uuid, p_user_id uuid,
                                    p_table_name text, p_op text, p_row_id uuid, p_changes jsonb, p_status text,
                                    p_txid text, p_code text, p_message text, p_field text,
                                    p_client_created_at timestamptz, p_unchanged boolean, p_payload_hash text) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  INSERT INTO crm_private.mutation_log (device_id, mutation_id, workspace_id, user_id, table_name, op, row_id, changes,
                                        status, txid, code, message, field, client_created_at, unchanged, payload_hash)
  VALUES (p_device_id, p_mutation_id, p_workspace_id, p_user_id, p_table_name, p_op, p_row_id, p_changes,
          p_status, p_txid, p_code, p_message, p_field, p_client_created_at, p_unchanged, p_payload_hash)
$$;

ALTER FUNCTION crm.mutation_lookup(uuid, uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean, text)
  OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.mutation_lookup(uuid, uuid),
  crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.mutation_lookup(uuid, uuid),
  crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean, text)
  TO crm_authenticator;

-- Client-written record dates within the range sync/schema/time-rules.ts
-- allows at the far end too (year 10000 moved last_interaction_at there).
-- NOT VALID: existing rows are not checked, new and changed ones are. The
-- upper bound is fixed (the zod rule moves with the clock) and only keeps out
-- what no one means; zod gives the field error first.
ALTER TABLE public.interactions
  ADD CONSTRAINT interactions_interaction_date_in_range
    CHECK (interaction_date >= '1900-01-01T00:00:00Z' AND interaction_date < '9000-01-01T00:00:00Z') NOT VALID,
  ADD CONSTRAINT interactions_follow_up_date_in_range
    CHECK (follow_up_date >= '1900-01-01' AND follow_up_date < '9000-01-01') NOT VALID;

-- Down Migration
ALTER TABLE public.interactions
  DROP CONSTRAINT interactions_follow_up_date_in_range,
  DROP CONSTRAINT interactions_interaction_date_in_range;

DROP FUNCTION crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean, text);
DROP FUNCTION crm.mutation_lookup(uuid, uuid);

CREATE FUNCTION crm.mutation_lookup(p_device_id uuid, p_mutation_id uuid)
  RETURNS TABLE (status text, txid text, code text, message text, field text, unchanged boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT l.status, l.txid, l.code, l.message, l.field, l.unchanged FROM crm_private.mutation_log l
  WHERE l.device_id = p_device_id AND l.mutation_id = p_mutation_id
$$;

CREATE FUNCTION crm.mutation_record(p_device_id uuid, p_mutation_id uuid, p_workspace_id uuid, p_user_id uuid,
                                    p_table_name text, p_op text, p_row_id uuid, p_changes jsonb, p_status text,
                                    p_txid text, p_code text, p_message text, p_field text,
                                    p_client_created_at timestamptz, p_unchanged boolean) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  INSERT INTO crm_private.mutation_log (device_id, mutation_id, workspace_id, user_id, table_name, op, row_id, changes,
                                        status, txid, code, message, field, client_created_at, unchanged)
  VALUES (p_device_id, p_mutation_id, p_workspace_id, p_user_id, p_table_name, p_op, p_row_id, p_changes,
          p_status, p_txid, p_code, p_message, p_field, p_client_created_at, p_unchanged)
$$;

ALTER FUNCTION crm.mutation_lookup(uuid, uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean)
  OWNER TO crm_maintainer;
REVOKE EXECUTE ON FUNCTION crm.mutation_lookup(uuid, uuid),
  crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.mutation_lookup(uuid, uuid),
  crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean)
  TO crm_authenticator;

ALTER TABLE crm_private.mutation_log DROP COLUMN payload_hash;
