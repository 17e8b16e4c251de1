/**
 * Builds tenants for database tests: a workspace with one member per role, plus
 * a user who belongs only to another workspace. Inserted as the superuser (the
 * way an admin tool or the seed would), so fixtures never depend on the policies
 * under test.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export const ROLES = ['owner', 'admin', 'manager', 'rep', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Tenant {
  workspaceId: string;
  users: Record<Role, string>;
}

export interface TwoTenants {
  a: Tenant;
  b: Tenant;
  /** A signed-up user who is a member of no workspace. */
  stranger: string;
}

async function createUser(pool: pg.Pool, label: string): Promise<string> {
  const id = randomUUID();
  await pool.query('INSERT INTO users (id, email, display_name) VALUES ($1, $2, $3)', [
    id,
    `${label}-${id.slice(0, 8)}@example.test`,
    label,
  ]);
  return id;
}

export async function createTenant(pool: pg.Pool, name: string): Promise<Tenant> {
  const workspaceId = randomUUID();
  await pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [workspaceId, name]);
  const users = {} as Record<Role, string>;
  for (const role of ROLES) {
    users[role] = await createUser(pool, `${name}-${role}`);
    await pool.query('INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
      workspaceId,
      users[role],
      role,
    ]);
  }
  return { workspaceId, users };
}

export async function createTwoTenants(pool: pg.Pool): Promise<TwoTenants> {
  return {
    a: await createTenant(pool, 'alpha'),
    b: await createTenant(pool, 'beta'),
    stranger: await createUser(pool, 'stranger'),
  };
}

export interface CrmGraph {
  principalId: string;
  distributorId: string;
  customerId: string;
  contactId: string;
  productId: string;
  opportunityId: string;
  opportunityProductId: string;
  interactionId: string;
}

/** One of each CRM row in a workspace, linked the way a broker's data is. */
export async function createCrmGraph(pool: pg.Pool, workspaceId: string, ownerId: string): Promise<CrmGraph> {
  const g: CrmGraph = {
    principalId: randomUUID(),
    distributorId: randomUUID(),
    customerId: randomUUID(),
    contactId: randomUUID(),
    productId: randomUUID(),
    opportunityId: randomUUID(),
    opportunityProductId: randomUUID(),
    interactionId: randomUUID(),
  };
  await pool.query(
    `INSERT INTO organizations (id, workspace_id, name, is_principal, is_distributor) VALUES
       ($1, $4, 'Saucy Foods', true, false), ($2, $4, 'Sysco North', false, true), ($3, $4, 'Elm Street Bistro', false, false)`,
    [g.principalId, g.distributorId, g.customerId, workspaceId],
  );
  await pool.query(
    `INSERT INTO contacts (id, workspace_id, organization_id, first_name, last_name, email) VALUES ($1, $2, $3, 'Dana', 'Chef', 'dana@bistro.example')`,
    [g.contactId, workspaceId, g.customerId],
  );
  await pool.query(
    `INSERT INTO products (id, workspace_id, principal_id, name, category) VALUES ($1, $2, $3, 'Smoky Chipotle Sauce', 'Sauces')`,
    [g.productId, workspaceId, g.principalId],
  );
  await pool.query(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id, primary_contact_id, distributor_id, owner_id)
     VALUES ($1, $2, 'Bistro sauce trial', $3, $4, $5, $6)`,
    [g.opportunityId, workspaceId, g.customerId, g.contactId, g.distributorId, ownerId],
  );
  await pool.query(
    `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
    [g.opportunityProductId, workspaceId, g.opportunityId, g.productId],
  );
  await pool.query(
    `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id, opportunity_id, follow_up_required, follow_up_date)
     VALUES ($1, $2, 'Phone Call', 'Chef liked the sample', $3, $4, true, current_date + 3)`,
    [g.interactionId, workspaceId, g.contactId, g.opportunityId],
  );
  return g;
}

/**
 * `count` products of a principal, each with a long description: at the default
 * 1,200 the workspace's products snapshot page is ~0.8 MB of JSON, above the
 * server's shared compression cache (256 KiB), so the compression plugin
 * streams it, as it does a first download's 2 MiB pages.
 */
export async function addBigCatalog(pool: pg.Pool, workspaceId: string, principalId: string, count = 1200): Promise<void> {
  await pool.query(
    `INSERT INTO products (id, workspace_id, principal_id, name, description)
     SELECT gen_random_uuid(), $1, $2, 'Stone-ground grits ' || i, repeat('25 lb bag, yellow, coarse. ', 24)
     FROM generate_series(1, $3::int) i`,
    [workspaceId, principalId, count],
  );
}
