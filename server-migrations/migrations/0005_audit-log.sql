-- Up Migration
-- The audit trail: one row per insert, update, soft delete, restore and purge of
-- a CRM row, with the actor, the transaction, the changed fields and their old
-- and new values. Append-only, partitioned by month, written only by triggers.

CREATE TABLE public.audit_log (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  table_name text NOT NULL,
  record_id uuid NOT NULL,
  action text NOT NULL CONSTRAINT audit_log_action_known
    CHECK (action IN ('insert', 'update', 'soft_delete', 'restore', 'delete')),
  actor_id uuid,
  changed_fields text[] NOT NULL DEFAULT '{}',
  old_values jsonb,
  new_values jsonb,
  transaction_id bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  -- clock_timestamp(), not now(): several changes to one record in one transaction
  -- (a sync batch: insert, soft delete, restore) must keep their order in the trail.
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
COMMENT ON TABLE public.audit_log IS 'Append-only history of CRM rows; partitioned by month; read by members, written by triggers.';
CREATE INDEX audit_log_record_idx ON public.audit_log (workspace_id, table_name, record_id, occurred_at DESC);
CREATE INDEX audit_log_occurred_idx ON public.audit_log (workspace_id, occurred_at DESC);

-- Catches any month without its own partition, so no audit row is ever refused.
CREATE TABLE public.audit_log_default PARTITION OF public.audit_log DEFAULT;
ALTER TABLE public.audit_log_default ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_log_default FORCE ROW LEVEL SECURITY;

-- Creates the monthly partitions covering [from_month, from_month + months).
-- Run by the schema owner (the server does at start); partitions are reached
-- only through audit_log, so they get RLS forced and no policy of their own.
CREATE FUNCTION crm.ensure_audit_partitions(from_month date, months integer) RETURNS integer
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  created integer := 0;
  part text;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    part := format('audit_log_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    IF to_regclass('public.' || part) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE public.%I PARTITION OF public.audit_log FOR VALUES FROM (%L) TO (%L)',
                       part, m, (m + interval '1 month')::date);
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', part);
        -- TRUNCATE triggers are not inherited from audit_log: each partition carries its own.
        EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION crm.refuse_audit_change()', part);
        created := created + 1;
      EXCEPTION WHEN check_violation THEN
        -- audit_log_default already holds rows of this month: attaching a partition
        -- would mean moving them, which append-only forbids. The month stays there,
        -- and the server's start-up call must not fail over it.
        RAISE NOTICE 'audit_log_default holds rows of %; no partition created for that month', to_char(m, 'YYYY-MM');
      END;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.ensure_audit_partitions(date, integer) FROM PUBLIC;

ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY "members read their workspaces' audit trail" ON public.audit_log FOR SELECT TO crm_user
  USING (crm.is_member(workspace_id));
CREATE POLICY "audit triggers append" ON public.audit_log FOR INSERT TO crm_maintainer WITH CHECK (true);
GRANT SELECT ON public.audit_log TO crm_user;
GRANT INSERT ON public.audit_log TO crm_maintainer;

CREATE FUNCTION crm.refuse_audit_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public.audit_log
  FOR EACH ROW EXECUTE FUNCTION crm.refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION crm.refuse_audit_change();
-- TRUNCATE of a partition does not fire the parent's trigger: guard the default
-- one here; ensure_audit_partitions guards the monthly ones (it needs this function).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log_default
  FOR EACH STATEMENT EXECUTE FUNCTION crm.refuse_audit_change();
SELECT crm.ensure_audit_partitions((now() - interval '1 month')::date, 14);

-- One statement-level function for every audited table: transition tables make
-- a bulk statement one INSERT ... SELECT instead of one insert per row.
-- Each row's jsonb is computed once (OFFSET 0 / MATERIALIZED keep the planner from
-- pulling the subqueries up and re-running to_jsonb(row) per key): 2x faster bulk loads.
-- Per statement rather than per row: the actor, and the audited columns in name
-- order, so changed_fields is a filter over that list instead of a sort per row.
-- An UPDATE row whose audited columns all stayed the same (a refresh of a
-- server-kept column such as last_interaction_at) is dropped before its diff.
CREATE FUNCTION crm.audit_changes() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
DECLARE
  ignored text[] := crm.server_kept_columns();
  workspace_key text := CASE WHEN TG_TABLE_NAME = 'workspaces' THEN 'id' ELSE 'workspace_id' END;
  actor uuid := crm.current_user_id();
  -- The keys of to_jsonb(row) - ignored, sorted as text like jsonb_each's keys would be.
  audited text[] := ARRAY(SELECT a.attname::text FROM pg_attribute a
                          WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
                            AND a.attname::text <> ALL (ignored)
                          ORDER BY a.attname::text);
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- unnest keeps the array's order, so changed_fields comes out sorted.
    INSERT INTO public.audit_log (workspace_id, table_name, record_id, action, actor_id, changed_fields, new_values)
    SELECT (j->>workspace_key)::uuid, TG_TABLE_NAME, (j->>'id')::uuid, 'insert', actor,
           ARRAY(SELECT k FROM unnest(audited) k WHERE j->k <> 'null'::jsonb), j
    FROM (SELECT to_jsonb(n) - ignored AS j FROM new_rows n OFFSET 0) s;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO public.audit_log (workspace_id, table_name, record_id, action, actor_id, old_values)
    SELECT (j->>workspace_key)::uuid, TG_TABLE_NAME, (j->>'id')::uuid, 'delete', actor, j
    FROM (SELECT to_jsonb(o) - ignored AS j FROM old_rows o OFFSET 0) s;
  ELSE
    WITH pairs AS MATERIALIZED (
      SELECT to_jsonb(o) - ignored AS oj, to_jsonb(n) - ignored AS nj
      FROM new_rows n JOIN old_rows o ON o.id = n.id
    ), diffs AS MATERIALIZED (
      SELECT oj, nj, ARRAY(SELECT k FROM unnest(audited) k WHERE nj->k IS DISTINCT FROM oj->k) AS keys
      FROM pairs
      WHERE nj <> oj
    )
    INSERT INTO public.audit_log (workspace_id, table_name, record_id, action, actor_id, changed_fields, old_values, new_values)
    SELECT (nj->>workspace_key)::uuid, TG_TABLE_NAME, (nj->>'id')::uuid,
           CASE
             WHEN 'deleted_at' = ANY (keys) AND nj->'deleted_at' = 'null'::jsonb THEN 'restore'
             WHEN 'deleted_at' = ANY (keys) AND oj->'deleted_at' = 'null'::jsonb THEN 'soft_delete'
             ELSE 'update'
           END,
           actor, keys,
           (SELECT jsonb_object_agg(k, oj->k) FROM unnest(keys) k),
           (SELECT jsonb_object_agg(k, nj->k) FROM unnest(keys) k)
    FROM diffs
    WHERE cardinality(keys) > 0;
  END IF;
  RETURN NULL;
END
$$;
ALTER FUNCTION crm.audit_changes() OWNER TO crm_maintainer;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspaces', 'workspace_members', 'organizations', 'contacts', 'products',
                           'opportunities', 'opportunity_products', 'opportunity_principals', 'interactions']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes()', t || '_audit_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes()', t || '_audit_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON public.%I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_changes()', t || '_audit_delete', t);
  END LOOP;
END
$$;

-- Down Migration
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspaces', 'workspace_members', 'organizations', 'contacts', 'products',
                           'opportunities', 'opportunity_products', 'opportunity_principals', 'interactions']
  LOOP
    EXECUTE format('DROP TRIGGER %I ON public.%I', t || '_audit_insert', t);
    EXECUTE format('DROP TRIGGER %I ON public.%I', t || '_audit_update', t);
    EXECUTE format('DROP TRIGGER %I ON public.%I', t || '_audit_delete', t);
  END LOOP;
END
$$;
DROP FUNCTION crm.audit_changes();
DROP TABLE public.audit_log;
DROP FUNCTION crm.refuse_audit_change();
DROP FUNCTION crm.ensure_audit_partitions(date, integer);
