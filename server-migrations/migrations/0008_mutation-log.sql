-- Up Migration
-- The result of every client mutation, keyed by (device, mutation id): written
-- in the same transaction as the change it describes, so a replayed mutation is
-- answered from here and never applied twice, and rejected mutations stay on
-- record (who, device, what, why, when) for the admin view.

CREATE TABLE crm_private.mutation_log (
  device_id uuid NOT NULL,
  mutation_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  table_name text NOT NULL,
  op text NOT NULL CONSTRAINT mutation_log_op_known CHECK (op IN ('insert', 'update', 'delete', 'restore')),
  row_id uuid NOT NULL,
  changes jsonb,
  status text NOT NULL CONSTRAINT mutation_log_status_known CHECK (status IN ('applied', 'rejected')),
  txid text CONSTRAINT mutation_log_applied_has_txid CHECK ((status = 'applied') = (txid IS NOT NULL)),
  code text CONSTRAINT mutation_log_rejected_has_code CHECK ((status = 'rejected') = (code IS NOT NULL)),
  message text,
  field text,
  client_created_at timestamptz,
  -- Applied, but the row already was as asked: no change (so no txid) will come
  -- on the shape stream for it, and the client must not wait for one.
  unchanged boolean NOT NULL DEFAULT false CONSTRAINT mutation_log_unchanged_applied CHECK (NOT unchanged OR status = 'applied'),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, mutation_id)
);
-- Device and user columns are not foreign keys on purpose: the record of a
-- rejected write outlives a deleted device.
CREATE INDEX mutation_log_workspace_time_idx ON crm_private.mutation_log (workspace_id, received_at DESC);
CREATE INDEX mutation_log_rejected_idx ON crm_private.mutation_log (workspace_id, received_at DESC) WHERE status = 'rejected';
CREATE INDEX mutation_log_device_time_idx ON crm_private.mutation_log (device_id, received_at DESC);
COMMENT ON TABLE crm_private.mutation_log IS 'Per (device, mutation id) result of POST /v1/mutations: the idempotency record and the rejected-writes list.';
GRANT SELECT, INSERT ON crm_private.mutation_log TO crm_maintainer;

-- The stored result of a mutation, if it was seen before.
CREATE FUNCTION crm.mutation_lookup(p_device_id uuid, p_mutation_id uuid)
  RETURNS TABLE (status text, txid text, code text, message text, field text, unchanged boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT l.status, l.txid, l.code, l.message, l.field, l.unchanged FROM crm_private.mutation_log l
  WHERE l.device_id = p_device_id AND l.mutation_id = p_mutation_id
$$;

-- Records a result; a second record of the same (device, mutation) fails with a
-- unique violation, which makes its whole transaction (the change too) roll back.
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
-- The server calls both as the login role, around the part it runs as crm_user.
GRANT EXECUTE ON FUNCTION crm.mutation_lookup(uuid, uuid),
  crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean)
  TO crm_authenticator;

-- Down Migration
DROP FUNCTION crm.mutation_record(uuid, uuid, uuid, uuid, text, text, uuid, jsonb, text, text, text, text, text, timestamptz, boolean);
DROP FUNCTION crm.mutation_lookup(uuid, uuid);
DROP TABLE crm_private.mutation_log;
