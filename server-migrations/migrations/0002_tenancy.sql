-- Up Migration
-- Tenancy: workspaces, users, credentials, members, devices; the row-stamping
-- triggers every table uses; the access helpers every policy uses.

-- Columns the server keeps by itself. A change to only these is not an edit:
-- it neither bumps updated_at/updated_by nor writes an audit row.
-- No SET clause (it names nothing a search_path could resolve), so the planner
-- inlines it as a constant instead of calling it for every updated row.
CREATE FUNCTION crm.server_kept_columns() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ARRAY['last_interaction_at', 'search_vector', 'updated_at', 'updated_by'] $$;

-- Stamps created/updated at and by. Server time and the signed-in user win over
-- whatever a client sent: these columns are facts about the server's history.
-- A change to only server-kept columns keeps the stamps.
CREATE FUNCTION crm.stamp_row() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := now();
    NEW.created_by := coalesce(crm.current_user_id(), NEW.created_by);
  ELSE
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    IF (to_jsonb(NEW) - crm.server_kept_columns()) = (to_jsonb(OLD) - crm.server_kept_columns()) THEN
      NEW.updated_at := OLD.updated_at;
      NEW.updated_by := OLD.updated_by;
      RETURN NEW;
    END IF;
  END IF;
  NEW.updated_at := now();
  NEW.updated_by := coalesce(crm.current_user_id(), NEW.updated_by);
  RETURN NEW;
END
$$;

-- A row never moves between workspaces: that would leak it to another tenant.
CREATE FUNCTION crm.keep_workspace_id() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog
AS $$
BEGIN
  IF NEW.workspace_id IS DISTINCT FROM OLD.workspace_id THEN
    RAISE EXCEPTION 'workspace_id of %.% is immutable', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = 'check_violation', HINT = 'Create the record in the other workspace instead.';
  END IF;
  RETURN NEW;
END
$$;

CREATE TABLE public.workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CONSTRAINT workspaces_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz
);
COMMENT ON TABLE public.workspaces IS 'A tenant: one broker company. Never hard-deleted.';

CREATE TABLE public.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CONSTRAINT users_email_format CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 320),
  display_name text NOT NULL CONSTRAINT users_display_name_not_blank CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_unique ON public.users (lower(email));
COMMENT ON TABLE public.users IS 'Profiles only. Secrets live in user_credentials, which is never replicated.';

CREATE TABLE public.user_credentials (
  user_id uuid PRIMARY KEY REFERENCES public.users (id) ON DELETE CASCADE,
  password_hash text NOT NULL CONSTRAINT user_credentials_hash_not_blank CHECK (length(password_hash) >= 20),
  password_updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.user_credentials IS 'Password hashes (memory-hard KDF, computed by the server). Never replicated, never readable by crm_user.';

CREATE TABLE public.workspace_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  user_id uuid NOT NULL REFERENCES public.users (id),
  role public.member_role NOT NULL DEFAULT 'rep',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT workspace_members_one_per_user UNIQUE (workspace_id, user_id)
);
CREATE INDEX workspace_members_user_id_idx ON public.workspace_members (user_id) WHERE deleted_at IS NULL;
CREATE INDEX workspace_members_user_id_all_idx ON public.workspace_members (user_id);
COMMENT ON TABLE public.workspace_members IS 'Who belongs to a workspace and with which role. Removal is a soft delete (deleted_at).';

CREATE TABLE public.devices (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  user_id uuid NOT NULL,
  name text NOT NULL CONSTRAINT devices_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  platform text NOT NULL CONSTRAINT devices_platform_known CHECK (platform IN ('linux', 'darwin', 'win32', 'web', 'other')),
  app_version text,
  last_seen_at timestamptz,
  revoked_at timestamptz,
  resync_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  CONSTRAINT devices_user_is_member FOREIGN KEY (workspace_id, user_id)
    REFERENCES public.workspace_members (workspace_id, user_id)
);
CREATE INDEX devices_workspace_user_idx ON public.devices (workspace_id, user_id);
COMMENT ON TABLE public.devices IS 'One row per installed client signed in to a workspace; revoking one cuts its sync at once.';

CREATE TRIGGER workspaces_stamp BEFORE INSERT OR UPDATE ON public.workspaces FOR EACH ROW EXECUTE FUNCTION crm.stamp_row();
CREATE TRIGGER users_stamp BEFORE INSERT OR UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION crm.stamp_row();
CREATE TRIGGER workspace_members_stamp BEFORE INSERT OR UPDATE ON public.workspace_members FOR EACH ROW EXECUTE FUNCTION crm.stamp_row();
CREATE TRIGGER workspace_members_keep_workspace BEFORE UPDATE ON public.workspace_members FOR EACH ROW EXECUTE FUNCTION crm.keep_workspace_id();
CREATE TRIGGER devices_stamp BEFORE INSERT OR UPDATE ON public.devices FOR EACH ROW EXECUTE FUNCTION crm.stamp_row();
CREATE TRIGGER devices_keep_workspace BEFORE UPDATE ON public.devices FOR EACH ROW EXECUTE FUNCTION crm.keep_workspace_id();

-- Access helpers. SECURITY DEFINER (owned by crm_maintainer) so that policies can
-- read memberships without recursing through workspace_members' own policies.
CREATE FUNCTION crm.member_role(ws uuid) RETURNS public.member_role
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT m.role FROM public.workspace_members m
  JOIN public.users u ON u.id = m.user_id
  WHERE m.workspace_id = ws AND m.user_id = crm.current_user_id()
    AND m.deleted_at IS NULL AND u.disabled_at IS NULL
$$;
COMMENT ON FUNCTION crm.member_role(uuid) IS 'The caller''s role in a workspace, NULL when not an active member.';

CREATE FUNCTION crm.is_member(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$ SELECT crm.member_role(ws) IS NOT NULL $$;

-- Reps and up write CRM rows; viewers only read.
CREATE FUNCTION crm.can_write(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$ SELECT coalesce(crm.member_role(ws) IN ('owner', 'admin', 'manager', 'rep'), false) $$;

-- Purging (hard delete from the trash) is for managers and up.
CREATE FUNCTION crm.can_purge(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$ SELECT coalesce(crm.member_role(ws) IN ('owner', 'admin', 'manager'), false) $$;

-- Members and devices are managed by admins and owners.
CREATE FUNCTION crm.can_admin(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$ SELECT coalesce(crm.member_role(ws) IN ('owner', 'admin'), false) $$;

-- Only an owner may hand out or take away the owner role.
CREATE FUNCTION crm.can_assign_role(ws uuid, new_role public.member_role, old_role public.member_role) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$
  SELECT CASE
    WHEN new_role = 'owner' OR old_role = 'owner' THEN coalesce(crm.member_role(ws) = 'owner', false)
    ELSE crm.can_admin(ws)
  END
$$;

-- Users visible to the caller: themselves and anyone sharing a workspace.
-- "Sharing" means an active membership, as in crm.member_role: a disabled user
-- is locked out of colleagues' profiles as it is of everything else.
CREATE FUNCTION crm.shares_workspace_with(other uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
  SELECT other = crm.current_user_id() OR EXISTS (
    SELECT 1 FROM public.workspace_members mine
    JOIN public.users me ON me.id = mine.user_id AND me.disabled_at IS NULL
    JOIN public.workspace_members theirs ON theirs.workspace_id = mine.workspace_id
    WHERE mine.user_id = crm.current_user_id() AND mine.deleted_at IS NULL
      AND theirs.user_id = other
  )
$$;

-- A workspace keeps at least one owner, whatever admins do to memberships.
CREATE FUNCTION crm.keep_an_owner() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF OLD.role = 'owner' AND OLD.deleted_at IS NULL
     AND (TG_OP = 'DELETE' OR NEW.role <> 'owner' OR NEW.deleted_at IS NOT NULL)
  THEN
    -- Two owners stepping down at once would each still see the other: serialize
    -- on the workspace row, so the second re-checks after the first commits.
    -- NO KEY UPDATE leaves foreign-key checks (KEY SHARE) on the workspace unblocked.
    PERFORM 1 FROM public.workspaces w WHERE w.id = OLD.workspace_id FOR NO KEY UPDATE;
    IF NOT EXISTS (
         SELECT 1 FROM public.workspace_members m
         WHERE m.workspace_id = OLD.workspace_id AND m.id <> OLD.id AND m.role = 'owner' AND m.deleted_at IS NULL)
    THEN
      RAISE EXCEPTION 'a workspace must keep at least one owner' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN coalesce(NEW, OLD);
END
$$;
CREATE TRIGGER workspace_members_keep_an_owner BEFORE UPDATE OR DELETE ON public.workspace_members
  FOR EACH ROW EXECUTE FUNCTION crm.keep_an_owner();

-- Whoever creates a workspace becomes its owner.
CREATE FUNCTION crm.add_creator_as_owner() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog
AS $$
BEGIN
  IF crm.current_user_id() IS NOT NULL THEN
    INSERT INTO public.workspace_members (workspace_id, user_id, role)
    VALUES (NEW.id, crm.current_user_id(), 'owner');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER workspaces_add_creator_as_owner AFTER INSERT ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION crm.add_creator_as_owner();

ALTER FUNCTION crm.member_role(uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.shares_workspace_with(uuid) OWNER TO crm_maintainer;
ALTER FUNCTION crm.keep_an_owner() OWNER TO crm_maintainer;
ALTER FUNCTION crm.add_creator_as_owner() OWNER TO crm_maintainer;

-- Row-level security: enabled and forced on every table (the owner included).
ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspaces FORCE ROW LEVEL SECURITY;
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.users FORCE ROW LEVEL SECURITY;
ALTER TABLE public.user_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_credentials FORCE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_members FORCE ROW LEVEL SECURITY;
ALTER TABLE public.devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.devices FORCE ROW LEVEL SECURITY;

CREATE POLICY "members see their workspaces" ON public.workspaces FOR SELECT TO crm_user
  USING (crm.is_member(id));
CREATE POLICY "signed-in users create workspaces" ON public.workspaces FOR INSERT TO crm_user
  WITH CHECK (crm.current_user_id() IS NOT NULL);
CREATE POLICY "admins rename their workspaces" ON public.workspaces FOR UPDATE TO crm_user
  USING (crm.can_admin(id)) WITH CHECK (crm.can_admin(id));

CREATE POLICY "users see themselves and their colleagues" ON public.users FOR SELECT TO crm_user
  USING (crm.shares_workspace_with(id));
CREATE POLICY "users edit their own profile" ON public.users FOR UPDATE TO crm_user
  USING (id = crm.current_user_id()) WITH CHECK (id = crm.current_user_id());

-- user_credentials: no policy for crm_user at all. Only crm_maintainer functions touch it.

CREATE POLICY "members see who belongs to their workspaces" ON public.workspace_members FOR SELECT TO crm_user
  USING (crm.is_member(workspace_id));
CREATE POLICY "admins add members" ON public.workspace_members FOR INSERT TO crm_user
  WITH CHECK (crm.can_assign_role(workspace_id, role, role));
CREATE POLICY "admins change and remove members" ON public.workspace_members FOR UPDATE TO crm_user
  USING (crm.can_assign_role(workspace_id, role, role))
  WITH CHECK (crm.can_assign_role(workspace_id, role, role));

CREATE POLICY "users see their devices and admins see all of the workspace" ON public.devices FOR SELECT TO crm_user
  USING (user_id = crm.current_user_id() AND crm.is_member(workspace_id) OR crm.can_admin(workspace_id));
CREATE POLICY "admins register devices" ON public.devices FOR INSERT TO crm_user
  WITH CHECK (crm.can_admin(workspace_id));
CREATE POLICY "admins revoke devices" ON public.devices FOR UPDATE TO crm_user
  USING (crm.can_admin(workspace_id)) WITH CHECK (crm.can_admin(workspace_id));
CREATE POLICY "admins remove devices" ON public.devices FOR DELETE TO crm_user
  USING (crm.can_admin(workspace_id));

-- crm_maintainer (the definer of trigger and helper functions) sees and maintains everything.
CREATE POLICY "maintainer functions read and write workspaces" ON public.workspaces TO crm_maintainer USING (true) WITH CHECK (true);
CREATE POLICY "maintainer functions read and write users" ON public.users TO crm_maintainer USING (true) WITH CHECK (true);
CREATE POLICY "maintainer functions read and write credentials" ON public.user_credentials TO crm_maintainer USING (true) WITH CHECK (true);
CREATE POLICY "maintainer functions read and write members" ON public.workspace_members TO crm_maintainer USING (true) WITH CHECK (true);
CREATE POLICY "maintainer functions read and write devices" ON public.devices TO crm_maintainer USING (true) WITH CHECK (true);

-- Privileges: explicit, column by column where a client must not set a column.
GRANT SELECT, INSERT ON public.workspaces TO crm_user;
GRANT UPDATE (name, deleted_at) ON public.workspaces TO crm_user;
GRANT SELECT ON public.users TO crm_user;
GRANT UPDATE (display_name) ON public.users TO crm_user;
GRANT SELECT ON public.workspace_members TO crm_user;
GRANT INSERT (id, workspace_id, user_id, role) ON public.workspace_members TO crm_user;
GRANT UPDATE (role, deleted_at) ON public.workspace_members TO crm_user;
GRANT SELECT, DELETE ON public.devices TO crm_user;
GRANT INSERT (id, workspace_id, user_id, name, platform, app_version) ON public.devices TO crm_user;
GRANT UPDATE (name, revoked_at, resync_requested_at) ON public.devices TO crm_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.workspaces, public.users, public.user_credentials,
  public.workspace_members, public.devices TO crm_maintainer;

-- Down Migration
DROP TABLE public.devices;
DROP TABLE public.workspace_members;
DROP TABLE public.user_credentials;
DROP TABLE public.users;
DROP TABLE public.workspaces;
DROP FUNCTION crm.add_creator_as_owner();
DROP FUNCTION crm.keep_an_owner();
DROP FUNCTION crm.shares_workspace_with(uuid);
DROP FUNCTION crm.can_assign_role(uuid, public.member_role, public.member_role);
DROP FUNCTION crm.can_admin(uuid);
DROP FUNCTION crm.can_purge(uuid);
DROP FUNCTION crm.can_write(uuid);
DROP FUNCTION crm.is_member(uuid);
DROP FUNCTION crm.member_role(uuid);
DROP FUNCTION crm.keep_workspace_id();
DROP FUNCTION crm.stamp_row();
DROP FUNCTION crm.server_kept_columns();
