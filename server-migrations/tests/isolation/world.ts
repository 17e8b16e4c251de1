/**
 * The data every isolation test runs against, arranged as the superuser (so it
 * never depends on the policies under test): two tenants with one member per
 * role and a full CRM graph each, a workspace-less stranger, and in A the rows
 * the matrix probes (unreferenced "spare" rows, so a purge is never blocked by
 * a foreign key and an allow/deny difference can only come from RLS/grants).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  createCrmGraph,
  createTwoTenants,
  type CrmGraph,
  type Tenant,
} from '../../testing/fixtures.ts';
import type { Caller } from './matrix.ts';

export interface World {
  a: Tenant;
  b: Tenant;
  stranger: string;
  graphA: CrmGraph;
  graphB: CrmGraph;
  /** A rep of A who is never a caller: the target of users/credentials/members/devices probes. */
  subject: string;
  subjectDeviceId: string;
  /** A user in no workspace, whom admins of A may add as a member. */
  candidate: string;
  spareA: { organizationId: string; contactId: string; productId: string; opportunityId: string };
  /** The derived (opportunity, principal) row of graphA. */
  principalLinkA: string;
  /** interaction_principals of A: a user's chosen link and the trigger's derived one (graphA's interaction and principal). */
  chosenInteractionLinkA: string;
  derivedInteractionLinkA: string;
  /** An interaction of A with a customer contact only: no derived link, free for a new chosen one. */
  spareInteractionA: string;
  /** An audit row of workspace A (the spare organization's insert). */
  auditRowA: string;
}

async function addUser(pool: pg.Pool, label: string): Promise<string> {
  const id = randomUUID();
  await pool.query('INSERT INTO users (id, email, display_name) VALUES ($1, $2, $3)', [
    id,
    `${label}-${id.slice(0, 8)}@example.test`,
    label,
  ]);
  return id;
}

async function one(pool: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(sql, params);
  if (rows.length !== 1 || !rows[0])
    throw new Error(`fixture query returned ${rows.length} rows: ${sql}`);
  return rows[0].id;
}

export async function buildWorld(pool: pg.Pool): Promise<World> {
  const { a, b, stranger } = await createTwoTenants(pool);
  const graphA = await createCrmGraph(pool, a.workspaceId, a.users.rep);
  const graphB = await createCrmGraph(pool, b.workspaceId, b.users.rep);

  const subject = await addUser(pool, 'alpha-subject');
  await pool.query(
    `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'rep')`,
    [a.workspaceId, subject],
  );
  await pool.query('INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)', [
    subject,
    'scrypt$placeholder$0123456789abcdef0123456789abcdef',
  ]);
  const subjectDeviceId = randomUUID();
  await pool.query(
    `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES ($1, $2, $3, 'Subject laptop', 'linux')`,
    [subjectDeviceId, a.workspaceId, subject],
  );
  const candidate = await addUser(pool, 'candidate');

  const ws = a.workspaceId;
  const organizationId = await one(
    pool,
    `INSERT INTO organizations (workspace_id, name) VALUES ($1, 'Spare Diner') RETURNING id`,
    [ws],
  );
  const contactId = await one(
    pool,
    `INSERT INTO contacts (workspace_id, organization_id, first_name, last_name) VALUES ($1, $2, 'Sam', 'Spare') RETURNING id`,
    [ws, graphA.customerId],
  );
  const productId = await one(
    pool,
    `INSERT INTO products (workspace_id, principal_id, name) VALUES ($1, $2, 'Spare Salsa') RETURNING id`,
    [ws, graphA.principalId],
  );
  const opportunityId = await one(
    pool,
    `INSERT INTO opportunities (workspace_id, name, organization_id) VALUES ($1, 'Spare deal', $2) RETURNING id`,
    [ws, graphA.customerId],
  );
  const principalLinkA = await one(
    pool,
    'SELECT id FROM opportunity_principals WHERE opportunity_id = $1 AND principal_id = $2',
    [graphA.opportunityId, graphA.principalId],
  );
  const chosenInteractionLinkA = await one(
    pool,
    `INSERT INTO interaction_principals (workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3) RETURNING id`,
    [ws, graphA.interactionId, graphA.principalId],
  );
  const derivedInteractionLinkA = await one(
    pool,
    `SELECT id FROM interaction_principals WHERE interaction_id = $1 AND principal_id = $2 AND source = 'derived'`,
    [graphA.interactionId, graphA.principalId],
  );
  const spareInteractionA = await one(
    pool,
    `INSERT INTO interactions (workspace_id, interaction_type, notes, contact_id) VALUES ($1, 'Note', 'Spare note', $2) RETURNING id`,
    [ws, graphA.contactId],
  );
  const auditRowA = await one(
    pool,
    `SELECT id FROM audit_log WHERE workspace_id = $1 AND table_name = 'organizations' AND record_id = $2 AND action = 'insert'`,
    [ws, organizationId],
  );
  return {
    a,
    b,
    stranger,
    graphA,
    graphB,
    subject,
    subjectDeviceId,
    candidate,
    spareA: { organizationId, contactId, productId, opportunityId },
    principalLinkA,
    chosenInteractionLinkA,
    derivedInteractionLinkA,
    spareInteractionA,
    auditRowA,
  };
}

/** The crm.user_id a caller runs with (null: none set). */
export function callerId(w: World, caller: Caller): string | null {
  switch (caller) {
    case 'outsider':
      return w.b.users.owner;
    case 'stranger':
      return w.stranger;
    case 'anonymous':
      return null;
    default:
      return w.a.users[caller];
  }
}
