/**
 * How each matrix cell touches its table: which row is the target, what a
 * valid new row looks like, and which column an update changes. Every insert
 * is valid apart from access (references inside A, checks satisfied), so an
 * error can only come from RLS or a missing grant.
 */
import { randomUUID } from 'node:crypto';
import type { TableName } from './matrix.ts';
import type { World } from './world.ts';

export interface Probe {
  /** Column identifying the target row (unique within the table for the rows used). */
  key: string;
  /** The existing row of workspace A that select/update/delete aim at. */
  target(w: World): string;
  /** A statement inserting one new row, and that row's key. */
  insert(w: World): { sql: string; params: unknown[]; key: string };
  /** A column to change on the target and a value it does not hold yet. */
  update: { column: string; value: string };
}

/** Builds an insert with a fresh uuid as its first parameter. */
function inserting(
  sql: string,
  rest: (w: World) => unknown[],
): (w: World) => { sql: string; params: unknown[]; key: string } {
  return (w) => {
    const key = randomUUID();
    return { sql, params: [key, ...rest(w)], key };
  };
}

export const PROBES: Record<TableName, Probe> = {
  workspaces: {
    key: 'id',
    target: (w) => w.a.workspaceId,
    insert: inserting(`INSERT INTO workspaces (id, name) VALUES ($1, 'Fresh Brokerage')`, () => []),
    update: { column: 'name', value: 'Renamed Brokerage' },
  },
  users: {
    key: 'id',
    target: (w) => w.subject,
    insert: () => {
      const key = randomUUID();
      return {
        sql: 'INSERT INTO users (id, email, display_name) VALUES ($1, $2, $3)',
        params: [key, `new-${key.slice(0, 8)}@example.test`, 'New Person'],
        key,
      };
    },
    update: { column: 'display_name', value: 'Renamed Subject' },
  },
  user_credentials: {
    key: 'user_id',
    target: (w) => w.subject,
    // The candidate has no credentials yet, so the insert is valid but for access.
    insert: (w) => ({
      sql: 'INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)',
      params: [w.candidate, 'scrypt$attacker$chosen-hash-0123456789'],
      key: w.candidate,
    }),
    update: { column: 'password_hash', value: 'scrypt$attacker$chosen-hash-0123456789' },
  },
  workspace_members: {
    key: 'user_id',
    target: (w) => w.subject,
    insert: (w) => ({
      sql: `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'rep')`,
      params: [w.a.workspaceId, w.candidate],
      key: w.candidate,
    }),
    update: { column: 'role', value: 'manager' },
  },
  devices: {
    key: 'id',
    target: (w) => w.subjectDeviceId,
    insert: inserting(
      `INSERT INTO devices (id, workspace_id, user_id, name, platform) VALUES ($1, $2, $3, 'Second laptop', 'darwin')`,
      (w) => [w.a.workspaceId, w.subject],
    ),
    update: { column: 'name', value: 'Renamed laptop' },
  },
  organizations: {
    key: 'id',
    target: (w) => w.spareA.organizationId,
    insert: inserting(
      `INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'New Cafe')`,
      (w) => [w.a.workspaceId],
    ),
    update: { column: 'name', value: 'Renamed Diner' },
  },
  contacts: {
    key: 'id',
    target: (w) => w.spareA.contactId,
    insert: inserting(
      `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $2, $3, 'Nina')`,
      (w) => [w.a.workspaceId, w.graphA.customerId],
    ),
    update: { column: 'title', value: 'Head Chef' },
  },
  products: {
    key: 'id',
    target: (w) => w.spareA.productId,
    insert: inserting(
      `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Mango Glaze')`,
      (w) => [w.a.workspaceId, w.graphA.principalId],
    ),
    update: { column: 'name', value: 'Renamed Salsa' },
  },
  opportunities: {
    key: 'id',
    target: (w) => w.spareA.opportunityId,
    insert: inserting(
      `INSERT INTO opportunities (id, workspace_id, name, organization_id, primary_contact_id) VALUES ($1, $2, 'New deal', $3, $4)`,
      (w) => [w.a.workspaceId, w.graphA.customerId, w.graphA.contactId],
    ),
    update: { column: 'name', value: 'Renamed deal' },
  },
  opportunity_products: {
    key: 'id',
    target: (w) => w.graphA.opportunityProductId,
    // The spare product is not on the graph's opportunity yet: a new, valid pair.
    insert: inserting(
      `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
      (w) => [w.a.workspaceId, w.graphA.opportunityId, w.spareA.productId],
    ),
    update: { column: 'notes', value: 'Case pricing sent' },
  },
  opportunity_principals: {
    key: 'id',
    target: (w) => w.principalLinkA,
    // The spare opportunity has no products, hence no derived principal: a new pair.
    insert: inserting(
      `INSERT INTO opportunity_principals (id, workspace_id, opportunity_id, principal_id) VALUES ($1, $2, $3, $4)`,
      (w) => [w.a.workspaceId, w.spareA.opportunityId, w.graphA.principalId],
    ),
    update: { column: 'deleted_at', value: '2001-02-03T04:05:06Z' },
  },
  interactions: {
    key: 'id',
    target: (w) => w.graphA.interactionId,
    insert: inserting(
      `INSERT INTO interactions (id, workspace_id, interaction_type, notes, contact_id) VALUES ($1, $2, 'Note', 'Dropped off samples', $3)`,
      (w) => [w.a.workspaceId, w.graphA.contactId],
    ),
    update: { column: 'notes', value: 'Chef wants a second tasting' },
  },
  // A user's chosen link: writers add and remove (soft) it, managers purge it.
  interaction_principals: {
    key: 'id',
    target: (w) => w.chosenInteractionLinkA,
    insert: inserting(
      `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
      (w) => [w.a.workspaceId, w.spareInteractionA, w.graphA.principalId],
    ),
    update: { column: 'deleted_at', value: '2001-02-03T04:05:06Z' },
  },
  audit_log: {
    key: 'id',
    target: (w) => w.auditRowA,
    insert: inserting(
      `INSERT INTO audit_log (id, workspace_id, table_name, record_id, action) VALUES ($1, $2, 'organizations', $3, 'delete')`,
      (w) => [w.a.workspaceId, w.spareA.organizationId],
    ),
    update: { column: 'table_name', value: 'tampered' },
  },
};
