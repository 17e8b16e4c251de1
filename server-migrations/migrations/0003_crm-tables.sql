-- Up Migration
-- The CRM tables. Each has a client-generated uuid, its workspace, who/when
-- stamps and a soft-delete column. References inside a workspace are composite
-- foreign keys (workspace_id, x_id), so a row can never point at another
-- tenant's row: the database refuses it, not the application.
-- Actor columns (created_by, updated_by) are not foreign keys on purpose: users
-- are never hard-deleted, and history must survive whatever happens to a user.

CREATE TABLE public.organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  name text NOT NULL CONSTRAINT organizations_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  is_principal boolean NOT NULL DEFAULT false,
  is_distributor boolean NOT NULL DEFAULT false,
  segment text CONSTRAINT organizations_segment_length CHECK (length(segment) <= 100),
  phone text CONSTRAINT organizations_phone_format CHECK (phone ~ '^[0-9+()./ x-]{3,40}$'),
  email text CONSTRAINT organizations_email_format CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 320),
  website text CONSTRAINT organizations_website_length CHECK (length(website) <= 300),
  address_line text CONSTRAINT organizations_address_length CHECK (length(address_line) <= 300),
  city text CONSTRAINT organizations_city_length CHECK (length(city) <= 100),
  region text CONSTRAINT organizations_region_length CHECK (length(region) <= 100),
  postal_code text CONSTRAINT organizations_postal_code_length CHECK (length(postal_code) <= 20),
  country text CONSTRAINT organizations_country_length CHECK (length(country) <= 100),
  notes text CONSTRAINT organizations_notes_length CHECK (length(notes) <= 20000),
  account_manager_id uuid,
  last_interaction_at timestamptz,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(segment, '') || ' ' || coalesce(city, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(notes, '')), 'C')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT organizations_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT organizations_account_manager_is_member FOREIGN KEY (workspace_id, account_manager_id)
    REFERENCES public.workspace_members (workspace_id, user_id)
);
CREATE INDEX organizations_live_name_idx ON public.organizations (workspace_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX organizations_live_principals_idx ON public.organizations (workspace_id, name) WHERE is_principal AND deleted_at IS NULL;
CREATE INDEX organizations_live_distributors_idx ON public.organizations (workspace_id, name) WHERE is_distributor AND deleted_at IS NULL;
CREATE INDEX organizations_account_manager_idx ON public.organizations (workspace_id, account_manager_id);
CREATE INDEX organizations_search_idx ON public.organizations USING gin (search_vector);

CREATE TABLE public.contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  organization_id uuid,
  first_name text CONSTRAINT contacts_first_name_length CHECK (length(first_name) <= 100),
  last_name text CONSTRAINT contacts_last_name_length CHECK (length(last_name) <= 100),
  title text CONSTRAINT contacts_title_length CHECK (length(title) <= 150),
  email text CONSTRAINT contacts_email_format CHECK (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND length(email) <= 320),
  phone text CONSTRAINT contacts_phone_format CHECK (phone ~ '^[0-9+()./ x-]{3,40}$'),
  advocacy_status public.advocacy_status NOT NULL DEFAULT 'Neutral',
  is_key_contact boolean NOT NULL DEFAULT false,
  notes text CONSTRAINT contacts_notes_length CHECK (length(notes) <= 20000),
  last_interaction_at timestamptz,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(email, '') || ' ' || coalesce(title, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(notes, '')), 'C')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT contacts_has_a_name CHECK (length(btrim(coalesce(first_name, '') || coalesce(last_name, ''))) > 0),
  CONSTRAINT contacts_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT contacts_organization_same_workspace FOREIGN KEY (workspace_id, organization_id)
    REFERENCES public.organizations (workspace_id, id)
);
CREATE INDEX contacts_organization_idx ON public.contacts (workspace_id, organization_id);
CREATE INDEX contacts_live_name_idx ON public.contacts (workspace_id, lower(last_name), lower(first_name)) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_email_idx ON public.contacts (workspace_id, lower(email)) WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE INDEX contacts_search_idx ON public.contacts USING gin (search_vector);

CREATE TABLE public.products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  principal_id uuid NOT NULL,
  name text NOT NULL CONSTRAINT products_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  sku text CONSTRAINT products_sku_length CHECK (length(sku) <= 60),
  category text CONSTRAINT products_category_length CHECK (length(category) <= 100),
  description text CONSTRAINT products_description_length CHECK (length(description) <= 5000),
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(sku, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(category, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT products_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT products_principal_same_workspace FOREIGN KEY (workspace_id, principal_id)
    REFERENCES public.organizations (workspace_id, id)
);
CREATE INDEX products_principal_idx ON public.products (workspace_id, principal_id);
CREATE INDEX products_live_name_idx ON public.products (workspace_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX products_live_category_idx ON public.products (workspace_id, category) WHERE deleted_at IS NULL;
CREATE INDEX products_search_idx ON public.products USING gin (search_vector);

CREATE TABLE public.opportunities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  name text NOT NULL CONSTRAINT opportunities_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  organization_id uuid NOT NULL,
  primary_contact_id uuid,
  distributor_id uuid,
  owner_id uuid,
  stage public.opportunity_stage NOT NULL DEFAULT 'New Lead',
  context text CONSTRAINT opportunities_context_length CHECK (length(context) <= 100),
  notes text CONSTRAINT opportunities_notes_length CHECK (length(notes) <= 20000),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  last_interaction_at timestamptz,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(context, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(notes, '')), 'C')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT opportunities_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT opportunities_organization_same_workspace FOREIGN KEY (workspace_id, organization_id)
    REFERENCES public.organizations (workspace_id, id),
  CONSTRAINT opportunities_primary_contact_same_workspace FOREIGN KEY (workspace_id, primary_contact_id)
    REFERENCES public.contacts (workspace_id, id),
  CONSTRAINT opportunities_distributor_same_workspace FOREIGN KEY (workspace_id, distributor_id)
    REFERENCES public.organizations (workspace_id, id),
  CONSTRAINT opportunities_owner_is_member FOREIGN KEY (workspace_id, owner_id)
    REFERENCES public.workspace_members (workspace_id, user_id),
  CONSTRAINT opportunities_distributor_is_not_the_customer CHECK (distributor_id IS DISTINCT FROM organization_id)
);
CREATE INDEX opportunities_organization_idx ON public.opportunities (workspace_id, organization_id);
CREATE INDEX opportunities_primary_contact_idx ON public.opportunities (workspace_id, primary_contact_id);
CREATE INDEX opportunities_distributor_idx ON public.opportunities (workspace_id, distributor_id);
CREATE INDEX opportunities_owner_idx ON public.opportunities (workspace_id, owner_id);
CREATE INDEX opportunities_live_stage_idx ON public.opportunities (workspace_id, stage, stage_changed_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_search_idx ON public.opportunities USING gin (search_vector);

CREATE TABLE public.opportunity_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  opportunity_id uuid NOT NULL,
  product_id uuid NOT NULL,
  notes text CONSTRAINT opportunity_products_notes_length CHECK (length(notes) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT opportunity_products_one_per_pair UNIQUE (opportunity_id, product_id),
  CONSTRAINT opportunity_products_opportunity_same_workspace FOREIGN KEY (workspace_id, opportunity_id)
    REFERENCES public.opportunities (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT opportunity_products_product_same_workspace FOREIGN KEY (workspace_id, product_id)
    REFERENCES public.products (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX opportunity_products_opportunity_idx ON public.opportunity_products (workspace_id, opportunity_id);
CREATE INDEX opportunity_products_product_idx ON public.opportunity_products (workspace_id, product_id);

-- Derived only: kept by triggers from the products on an opportunity. Clients read it, never write it.
CREATE TABLE public.opportunity_principals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  opportunity_id uuid NOT NULL,
  principal_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT opportunity_principals_one_per_pair UNIQUE (opportunity_id, principal_id),
  CONSTRAINT opportunity_principals_opportunity_same_workspace FOREIGN KEY (workspace_id, opportunity_id)
    REFERENCES public.opportunities (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT opportunity_principals_principal_same_workspace FOREIGN KEY (workspace_id, principal_id)
    REFERENCES public.organizations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX opportunity_principals_opportunity_idx ON public.opportunity_principals (workspace_id, opportunity_id);
CREATE INDEX opportunity_principals_live_principal_idx ON public.opportunity_principals (workspace_id, principal_id) WHERE deleted_at IS NULL;
CREATE INDEX opportunity_principals_principal_idx ON public.opportunity_principals (workspace_id, principal_id);

CREATE TABLE public.interactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  interaction_type public.interaction_type NOT NULL,
  interaction_date timestamptz NOT NULL DEFAULT now(),
  notes text CONSTRAINT interactions_notes_length CHECK (length(notes) <= 20000),
  sentiment public.sentiment NOT NULL DEFAULT 'Neutral',
  contact_id uuid,
  opportunity_id uuid,
  organization_id uuid,
  follow_up_required boolean NOT NULL DEFAULT false,
  follow_up_date date,
  follow_up_done_at timestamptz,
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(notes, ''))) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz,
  CONSTRAINT interactions_follow_up_date_needs_follow_up CHECK (follow_up_required OR follow_up_date IS NULL),
  CONSTRAINT interactions_follow_up_done_needs_follow_up CHECK (follow_up_required OR follow_up_done_at IS NULL),
  CONSTRAINT interactions_about_something CHECK (num_nonnulls(contact_id, opportunity_id, organization_id) > 0),
  CONSTRAINT interactions_contact_same_workspace FOREIGN KEY (workspace_id, contact_id)
    REFERENCES public.contacts (workspace_id, id),
  CONSTRAINT interactions_opportunity_same_workspace FOREIGN KEY (workspace_id, opportunity_id)
    REFERENCES public.opportunities (workspace_id, id),
  CONSTRAINT interactions_organization_same_workspace FOREIGN KEY (workspace_id, organization_id)
    REFERENCES public.organizations (workspace_id, id)
);
CREATE INDEX interactions_contact_idx ON public.interactions (workspace_id, contact_id, interaction_date DESC);
CREATE INDEX interactions_opportunity_idx ON public.interactions (workspace_id, opportunity_id, interaction_date DESC);
CREATE INDEX interactions_organization_idx ON public.interactions (workspace_id, organization_id, interaction_date DESC);
CREATE INDEX interactions_live_date_idx ON public.interactions (workspace_id, interaction_date DESC) WHERE deleted_at IS NULL;
CREATE INDEX interactions_open_follow_ups_idx ON public.interactions (workspace_id, follow_up_date)
  WHERE follow_up_required AND follow_up_done_at IS NULL AND deleted_at IS NULL;
CREATE INDEX interactions_search_idx ON public.interactions USING gin (search_vector);

-- Row stamps and workspace immutability on every CRM table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'contacts', 'products', 'opportunities',
                           'opportunity_products', 'opportunity_principals', 'interactions']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION crm.stamp_row()', t || '_stamp', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION crm.keep_workspace_id()', t || '_keep_workspace', t);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON public.%I FOR SELECT TO crm_user USING (crm.is_member(workspace_id))',
                   'members read ' || t, t);
    EXECUTE format('CREATE POLICY %I ON public.%I TO crm_maintainer USING (true) WITH CHECK (true)',
                   'maintainer functions keep ' || t, t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO crm_maintainer', t);
    EXECUTE format('GRANT SELECT ON public.%I TO crm_user', t);
    IF t <> 'opportunity_principals' THEN
      EXECUTE format('CREATE POLICY %I ON public.%I FOR INSERT TO crm_user WITH CHECK (crm.can_write(workspace_id))',
                     'writers create ' || t, t);
      EXECUTE format('CREATE POLICY %I ON public.%I FOR UPDATE TO crm_user USING (crm.can_write(workspace_id)) WITH CHECK (crm.can_write(workspace_id))',
                     'writers change ' || t, t);
      EXECUTE format('CREATE POLICY %I ON public.%I FOR DELETE TO crm_user USING (crm.can_purge(workspace_id))',
                     'managers purge ' || t, t);
      EXECUTE format('GRANT DELETE ON public.%I TO crm_user', t);
    END IF;
  END LOOP;
END
$$;

-- What a client may write, column by column. Derived and server-kept columns
-- (stamps, last_interaction_at, stage_changed_at, search vectors, the derived
-- organization of an interaction) are not in these lists.
GRANT INSERT (id, workspace_id, name, is_principal, is_distributor, segment, phone, email, website, address_line,
              city, region, postal_code, country, notes, account_manager_id, deleted_at) ON public.organizations TO crm_user;
GRANT UPDATE (name, is_principal, is_distributor, segment, phone, email, website, address_line,
              city, region, postal_code, country, notes, account_manager_id, deleted_at) ON public.organizations TO crm_user;
GRANT INSERT (id, workspace_id, organization_id, first_name, last_name, title, email, phone, advocacy_status,
              is_key_contact, notes, deleted_at) ON public.contacts TO crm_user;
GRANT UPDATE (organization_id, first_name, last_name, title, email, phone, advocacy_status,
              is_key_contact, notes, deleted_at) ON public.contacts TO crm_user;
GRANT INSERT (id, workspace_id, principal_id, name, sku, category, description, deleted_at) ON public.products TO crm_user;
GRANT UPDATE (principal_id, name, sku, category, description, deleted_at) ON public.products TO crm_user;
GRANT INSERT (id, workspace_id, name, organization_id, primary_contact_id, distributor_id, owner_id, stage, context,
              notes, deleted_at) ON public.opportunities TO crm_user;
GRANT UPDATE (name, organization_id, primary_contact_id, distributor_id, owner_id, stage, context,
              notes, deleted_at) ON public.opportunities TO crm_user;
GRANT INSERT (id, workspace_id, opportunity_id, product_id, notes, deleted_at) ON public.opportunity_products TO crm_user;
GRANT UPDATE (notes, deleted_at) ON public.opportunity_products TO crm_user;
GRANT INSERT (id, workspace_id, interaction_type, interaction_date, notes, sentiment, contact_id, opportunity_id,
              organization_id, follow_up_required, follow_up_date, follow_up_done_at, deleted_at) ON public.interactions TO crm_user;
GRANT UPDATE (interaction_type, interaction_date, notes, sentiment, contact_id, opportunity_id,
              organization_id, follow_up_required, follow_up_date, follow_up_done_at, deleted_at) ON public.interactions TO crm_user;

-- Down Migration
DROP TABLE public.interactions;
DROP TABLE public.opportunity_principals;
DROP TABLE public.opportunity_products;
DROP TABLE public.opportunities;
DROP TABLE public.products;
DROP TABLE public.contacts;
DROP TABLE public.organizations;
