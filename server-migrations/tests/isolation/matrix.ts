/**
 * The RLS isolation matrix: for every table in `public`, every caller and every
 * operation, whether the database must allow or deny it. This file is the
 * specification; the *.int.test.ts files beside it only execute it.
 *
 * Callers (all acting on rows of workspace A, through crm_user as the server does):
 *   own, adm, mgr, rep, vwr  the owner, admin, manager, rep and viewer of A
 *   B                        the OWNER of workspace B (the strongest outsider: rights in B must not carry over)
 *   none                     a signed-up user who belongs to no workspace
 *   anon                     a transaction with no crm.user_id set at all
 *
 * What each operation means per table (the probes in probes.ts):
 *   CRM tables      select/update/delete an existing row of A that nothing references
 *                   (so a purge is not blocked by a foreign key); insert a new valid row into A.
 *                   DELETE is the hard purge; soft delete is an UPDATE of deleted_at.
 *   workspaces      A itself; insert = create a brand-new workspace (any signed-in user may, and
 *                   becomes its owner). Workspaces are never hard-deleted.
 *   users           the profile of another member of A ("subject"); insert = create a user.
 *                   Editing one's OWN display_name is allowed and tested separately (tenancy file).
 *   user_credentials  the subject's password hash: no crm_user access at all.
 *   workspace_members the subject's membership (role rep; update = make them manager);
 *                   insert = add a workspace-less user to A as rep. Removal is a soft delete
 *                   (UPDATE deleted_at); hard DELETE is never granted. Owner-role rules: tenancy file.
 *   devices         the subject's device: only its user and A's admins/owners see it.
 *   opportunity_principals, audit_log  derived / trigger-written: read-only for everyone.
 *   interaction_principals  a chosen link (written like any CRM row; update = its soft delete); a user's
 *                   removal (0018, source 'removed') follows the same rows: crm-tables.int.test.ts.
 *                   Derived links are the triggers' alone: crm-tables.int.test.ts checks every caller.
 *
 * 'Y' = allow (asserted by its effect), '-' = deny (asserted precisely, see run-cell.ts).
 */

// prettier-ignore
export const CALLERS = ['owner', 'admin', 'manager', 'rep', 'viewer', 'outsider', 'stranger', 'anonymous'] as const;
export type Caller = (typeof CALLERS)[number];

export const OPERATIONS = ['select', 'insert', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export type Expectation = 'allow' | 'deny';

// prettier-ignore
const SPEC = {
  //                            own adm mgr rep vwr  B   none anon
  workspaces: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   Y    Y   Y    -', // a new workspace, not A
    update:                    'Y   Y   -   -   -    -   -    -',
    delete:                    '-   -   -   -   -    -   -    -',
  },
  users: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    '-   -   -   -   -    -   -    -',
    update:                    '-   -   -   -   -    -   -    -', // someone else's profile
    delete:                    '-   -   -   -   -    -   -    -',
  },
  user_credentials: {
    select:                    '-   -   -   -   -    -   -    -',
    insert:                    '-   -   -   -   -    -   -    -',
    update:                    '-   -   -   -   -    -   -    -',
    delete:                    '-   -   -   -   -    -   -    -',
  },
  workspace_members: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   -   -   -    -   -    -',
    update:                    'Y   Y   -   -   -    -   -    -',
    delete:                    '-   -   -   -   -    -   -    -', // removal is a soft delete
  },
  devices: {
    select:                    'Y   Y   -   -   -    -   -    -', // another member's device
    insert:                    'Y   Y   -   -   -    -   -    -',
    update:                    'Y   Y   -   -   -    -   -    -',
    delete:                    'Y   Y   -   -   -    -   -    -',
  },
  organizations: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  contacts: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  products: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  opportunities: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  opportunity_products: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  opportunity_principals: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    '-   -   -   -   -    -   -    -', // derived by trigger only
    update:                    '-   -   -   -   -    -   -    -',
    delete:                    '-   -   -   -   -    -   -    -',
  },
  interactions: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -',
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  interaction_principals: { // a chosen link (a user's)
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    'Y   Y   Y   Y   -    -   -    -',
    update:                    'Y   Y   Y   Y   -    -   -    -', // deleted_at only: removal is a soft delete
    delete:                    'Y   Y   Y   -   -    -   -    -',
  },
  audit_log: {
    select:                    'Y   Y   Y   Y   Y    -   -    -',
    insert:                    '-   -   -   -   -    -   -    -', // written by triggers only
    update:                    '-   -   -   -   -    -   -    -', // append-only
    delete:                    '-   -   -   -   -    -   -    -',
  },
} as const satisfies Record<string, Record<Operation, string>>;

export type TableName = keyof typeof SPEC;
export const TABLES = Object.keys(SPEC) as TableName[];

export const TENANCY_TABLES = [
  'workspaces',
  'users',
  'user_credentials',
  'workspace_members',
  'devices',
] as const satisfies readonly TableName[];
export const CRM_TABLES = [
  'organizations',
  'contacts',
  'products',
  'opportunities',
  'opportunity_products',
  'opportunity_principals',
  'interactions',
  'interaction_principals',
] as const satisfies readonly TableName[];

function parseRow(table: string, op: string, row: string): Record<Caller, Expectation> {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== CALLERS.length || cells.some((c) => c !== 'Y' && c !== '-')) {
    throw new Error(
      `matrix row ${table}.${op} must have ${CALLERS.length} cells of Y or -: '${row}'`,
    );
  }
  return Object.fromEntries(
    CALLERS.map((c, i) => [c, cells[i] === 'Y' ? 'allow' : 'deny']),
  ) as Record<Caller, Expectation>;
}

/** The matrix as data: MATRIX[table][operation][caller]. */
export const MATRIX = Object.fromEntries(
  TABLES.map((t) => [
    t,
    Object.fromEntries(OPERATIONS.map((op) => [op, parseRow(t, op, SPEC[t][op])])),
  ]),
) as Record<TableName, Record<Operation, Record<Caller, Expectation>>>;

export interface Cell {
  table: TableName;
  op: Operation;
  caller: Caller;
  expected: Expectation;
}

/** Every cell of the given tables, in matrix order, with a readable test name: one test each. */
export function cellsOf(tables: readonly TableName[]): [string, Cell][] {
  return tables.flatMap((table) =>
    OPERATIONS.flatMap((op) =>
      CALLERS.map((caller): [string, Cell] => {
        const expected = MATRIX[table][op][caller];
        return [`${table} | ${op} | ${caller} -> ${expected}`, { table, op, caller, expected }];
      }),
    ),
  );
}
