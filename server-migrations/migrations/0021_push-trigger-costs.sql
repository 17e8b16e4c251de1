-- Up Migration
-- Issue 13 (pushes at 1,000 mutations/s): what a 64-row insert of quick logs
-- paid in its triggers, measured with EXPLAIN ANALYZE and auto_explain on a
-- seeded database (bench/README.md, "Cheaper interaction inserts").
--
-- 1. crm.refresh_interaction_principals soft-deletes the derived links no longer
--    wanted with a join of unnest(ids) against interaction_principals, which
--    PostgreSQL plans as a scan of every live derived link of the database (a
--    hash join with fresh statistics, a nested loop of links x ids with stale
--    ones: 331,776 comparisons and ~100 ms for one 64-row insert at 5,000
--    interactions). Probing the links by `interaction_id = ANY (ids)` uses the
--    (interaction_id, principal_id, source) index: the cost follows the
--    statement, not the table.
-- 2. The last_interaction_at upkeep (an interaction insert moves its contact's,
--    organization's and opportunity's value forward) updates only that
--    server-kept column, which the audit trail ignores (crm.server_kept_columns),
--    yet crm.audit_changes built and compared the jsonb of every row pair of
--    those updates to write nothing: ~8 ms of a ~50 ms 64-row insert. A
--    column list on the trigger (`AFTER UPDATE OF ...`) would skip them, but
--    PostgreSQL refuses column lists on triggers with transition tables. So the
--    function now drops, before any jsonb, the pairs whose updated_at
--    crm.stamp_row left alone: stamp_row moves updated_at to now() whenever a
--    column other than the server-kept ones changes (the same list the audit
--    ignores), so such a row has nothing to audit. A row already stamped by
--    this transaction (old updated_at = now()) is compared as before, and so is
--    every row of a table whose stamp_row trigger is missing or disabled. The
--    one BEFORE UPDATE trigger that runs after a stamp_row (by name,
--    opportunities_track_stage_change) only keeps its columns at OLD when the
--    stage did not change; the upgrade test checks there is no other. What is
--    audited does not change.

CREATE OR REPLACE FUNCTION crm.refresh_interaction_principals(interaction_ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  -- One statement: the insert/restore and the soft delete touch disjoint rows
  -- (wanted pairs vs live derived pairs no longer wanted) from one derivation;
  -- a data-modifying WITH runs to completion whether or not it is read.
  WITH wanted AS MATERIALIZED (
    SELECT * FROM crm.derived_interaction_principals(interaction_ids)
  ), added AS (
    INSERT INTO public.interaction_principals (workspace_id, interaction_id, principal_id, source)
    SELECT w.workspace_id, w.interaction_id, w.principal_id, 'derived' FROM wanted w
    ON CONFLICT (interaction_id, principal_id, source) DO UPDATE SET deleted_at = NULL
      WHERE public.interaction_principals.deleted_at IS NOT NULL
  )
  -- = ANY probes the index led by interaction_id (a join with unnest scanned every link).
  UPDATE public.interaction_principals ip SET deleted_at = now()
  WHERE ip.interaction_id = ANY (interaction_ids) AND ip.source = 'derived' AND ip.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.interaction_id = ip.interaction_id AND w.principal_id = ip.principal_id);
$$;

-- 0005's function; an UPDATE first keeps only the pairs that can hold an audited change (2. above).
CREATE OR REPLACE FUNCTION crm.audit_changes() RETURNS trigger
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
  stamped boolean;
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
    -- Is crm.stamp_row a live BEFORE UPDATE row trigger of this table (tgtype: row 1, before 2, update 16)?
    stamped := EXISTS (SELECT 1 FROM pg_trigger t
                       WHERE t.tgrelid = TG_RELID AND t.tgfoid = 'crm.stamp_row()'::regprocedure
                         AND t.tgenabled <> 'D' AND t.tgtype & 19 = 19);
    WITH pairs AS MATERIALIZED (
      SELECT to_jsonb(o) - ignored AS oj, to_jsonb(n) - ignored AS nj
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      -- updated_at left alone by stamp_row: no audited column changed (every audited table has one).
      WHERE NOT stamped OR n.updated_at IS DISTINCT FROM o.updated_at OR o.updated_at >= now()
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

-- Down Migration
-- The functions as 0005 and 0015 made them.
CREATE OR REPLACE FUNCTION crm.audit_changes() RETURNS trigger
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

CREATE OR REPLACE FUNCTION crm.refresh_interaction_principals(interaction_ids uuid[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  -- One statement: the insert/restore and the soft delete touch disjoint rows
  -- (wanted pairs vs live derived pairs no longer wanted) from one derivation;
  -- a data-modifying WITH runs to completion whether or not it is read.
  WITH wanted AS MATERIALIZED (
    SELECT * FROM crm.derived_interaction_principals(interaction_ids)
  ), added AS (
    INSERT INTO public.interaction_principals (workspace_id, interaction_id, principal_id, source)
    SELECT w.workspace_id, w.interaction_id, w.principal_id, 'derived' FROM wanted w
    ON CONFLICT (interaction_id, principal_id, source) DO UPDATE SET deleted_at = NULL
      WHERE public.interaction_principals.deleted_at IS NOT NULL
  )
  UPDATE public.interaction_principals ip SET deleted_at = now()
  FROM unnest(interaction_ids) AS x(id)
  WHERE ip.interaction_id = x.id AND ip.source = 'derived' AND ip.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.interaction_id = ip.interaction_id AND w.principal_id = ip.principal_id);
$$;
