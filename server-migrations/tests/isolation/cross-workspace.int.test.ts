/**
 * Rows never reach across workspaces: a row of A cannot point at a row of B,
 * even for a user who may write in both (RLS alone would let that through:
 * the composite foreign keys (workspace_id, x_id) are what refuse it), and a
 * row never moves to another workspace.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs } from '../../testing/act-as.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { CRM_TABLES } from './matrix.ts';
import { PROBES } from './probes.ts';
import { asSuperuser, attempt, trueCount, type Attempt } from './run-cell.ts';
import { buildWorld, type World } from './world.ts';

let db: TestDatabase;
let w: World;
/** Owner of both A and B: allowed to write anywhere it looks, so only integrity rules can stop it. */
let bridge: string;
beforeAll(async () => {
  db = await createTestDatabase();
  w = await buildWorld(db.pool);
  bridge = randomUUID();
  await db.pool.query(
    `INSERT INTO users (id, email, display_name) VALUES ($1, 'bridge@example.test', 'Bridge')`,
    [bridge],
  );
  for (const ws of [w.a.workspaceId, w.b.workspaceId]) {
    await db.pool.query(
      `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`,
      [ws, bridge],
    );
  }
});
afterAll(async () => {
  await db.drop();
});

/** An integrity refusal: a foreign-key violation or a check raised by a trigger, never a silent success. */
function expectIntegrityRefusal(a: Attempt, label: string): void {
  expect(a.error, `${label}: must be refused`).not.toBeNull();
  expect(['23503', '23514'], `${label}: ${a.error?.message}`).toContain(a.error?.code);
}

interface CrossInsert {
  name: string;
  table: string;
  sql: string;
  params: (w: World, id: string) => unknown[];
}

// Each statement inserts into A and is valid except for the one reference that points into B.
const CROSS_INSERTS: CrossInsert[] = [
  {
    name: "a contact of A at B's organization",
    table: 'contacts',
    sql: `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $2, $3, 'Cross')`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.customerId],
  },
  {
    name: "a product of A from B's principal",
    table: 'products',
    sql: `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Cross sauce')`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.principalId],
  },
  {
    name: "an opportunity of A for B's customer",
    table: 'opportunities',
    sql: `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Cross', $3)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.customerId],
  },
  {
    name: "an opportunity of A with B's contact as primary contact",
    table: 'opportunities',
    sql: `INSERT INTO opportunities (id, workspace_id, name, organization_id, primary_contact_id) VALUES ($1, $2, 'Cross', $3, $4)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphA.customerId, w.graphB.contactId],
  },
  {
    name: "an opportunity of A through B's distributor",
    table: 'opportunities',
    sql: `INSERT INTO opportunities (id, workspace_id, name, organization_id, distributor_id) VALUES ($1, $2, 'Cross', $3, $4)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphA.customerId, w.graphB.distributorId],
  },
  {
    name: 'an opportunity of A owned by a member of B only',
    table: 'opportunities',
    sql: `INSERT INTO opportunities (id, workspace_id, name, organization_id, owner_id) VALUES ($1, $2, 'Cross', $3, $4)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphA.customerId, w.b.users.rep],
  },
  {
    name: 'an organization of A managed by a member of B only',
    table: 'organizations',
    sql: `INSERT INTO organizations (id, workspace_id, name, account_manager_id) VALUES ($1, $2, 'Cross', $3)`,
    params: (w, id) => [id, w.a.workspaceId, w.b.users.rep],
  },
  {
    name: "B's product on an opportunity of A",
    table: 'opportunity_products',
    sql: `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphA.opportunityId, w.graphB.productId],
  },
  {
    name: "A's product on B's opportunity, filed in A",
    table: 'opportunity_products',
    sql: `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.opportunityId, w.spareA.productId],
  },
  {
    name: "an interaction of A with B's contact",
    table: 'interactions',
    sql: `INSERT INTO interactions (id, workspace_id, interaction_type, contact_id) VALUES ($1, $2, 'Note', $3)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.contactId],
  },
  {
    name: "an interaction of A on B's opportunity",
    table: 'interactions',
    sql: `INSERT INTO interactions (id, workspace_id, interaction_type, opportunity_id) VALUES ($1, $2, 'Note', $3)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.opportunityId],
  },
  {
    name: "an interaction of A at B's organization",
    table: 'interactions',
    sql: `INSERT INTO interactions (id, workspace_id, interaction_type, organization_id) VALUES ($1, $2, 'Note', $3)`,
    params: (w, id) => [id, w.a.workspaceId, w.graphB.customerId],
  },
];

const WRITERS = [
  ['the rep of A', (x: World) => x.a.users.rep],
  ['a user who owns both A and B', () => bridge],
] as const;

describe.each(WRITERS)('cross-workspace references, written by %s', (_who, writer) => {
  it.each(CROSS_INSERTS.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    await actAs(db.pool, writer(w), async (client) => {
      const id = randomUUID();
      const a = await attempt(client, c.sql, c.params(w, id));
      expectIntegrityRefusal(a, c.name);
      expect(await trueCount(client, `SELECT 1 FROM ${c.table} WHERE id = $1`, [id])).toBe(0);
    });
  });

  // Existing rows of A re-pointed at B's rows.
  const REPOINTS = [
    [
      'contacts',
      'organization_id',
      (x: World) => x.spareA.contactId,
      (x: World) => x.graphB.customerId,
    ],
    [
      'products',
      'principal_id',
      (x: World) => x.spareA.productId,
      (x: World) => x.graphB.principalId,
    ],
    [
      'opportunities',
      'primary_contact_id',
      (x: World) => x.spareA.opportunityId,
      (x: World) => x.graphB.contactId,
    ],
    [
      'opportunities',
      'organization_id',
      (x: World) => x.spareA.opportunityId,
      (x: World) => x.graphB.customerId,
    ],
    [
      'interactions',
      'contact_id',
      (x: World) => x.graphA.interactionId,
      (x: World) => x.graphB.contactId,
    ],
    [
      'interactions',
      'opportunity_id',
      (x: World) => x.graphA.interactionId,
      (x: World) => x.graphB.opportunityId,
    ],
  ] as const;

  it.each(REPOINTS)(
    'refuses re-pointing %s.%s at a row of B',
    async (table, column, row, foreign) => {
      await actAs(db.pool, writer(w), async (client) => {
        const a = await attempt(client, `UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [
          row(w),
          foreign(w),
        ]);
        expectIntegrityRefusal(a, `${table}.${column}`);
        expect(
          await trueCount(client, `SELECT 1 FROM ${table} WHERE id = $1 AND ${column} = $2`, [
            row(w),
            foreign(w),
          ]),
        ).toBe(0);
      });
    },
  );

  it('refuses an insert filed under B that points at rows of A (RLS for the rep, keys for the owner of both)', async () => {
    await actAs(db.pool, writer(w), async (client) => {
      const id = randomUUID();
      const a = await attempt(
        client,
        `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Reverse', $3)`,
        [id, w.b.workspaceId, w.graphA.customerId],
      );
      expect(a.error, 'must be refused').not.toBeNull();
      expect(['42501', '23503']).toContain(a.error?.code);
      expect(await trueCount(client, 'SELECT 1 FROM opportunities WHERE id = $1', [id])).toBe(0);
    });
  });
});

describe('a row never changes workspace', () => {
  // Every table with a workspace_id a client can reach, and the row of A each probe aims at.
  const MOVABLE = [
    ...CRM_TABLES.map((t) => [t, PROBES[t].target] as const),
    ['workspace_members', (x: World) => x.a.users.rep] as const,
    ['devices', PROBES.devices.target] as const,
  ];
  const keyOf = (table: string) => (table === 'workspace_members' ? 'user_id' : 'id');

  const expectStillInA = async (client: pg.PoolClient, table: string, id: string) =>
    expect(
      await trueCount(
        client,
        `SELECT 1 FROM ${table} WHERE ${keyOf(table)} = $1 AND workspace_id = $2`,
        [id, w.a.workspaceId],
      ),
    ).toBe(1);

  it.each(MOVABLE)(
    '%s: the owner of both A and B cannot move a row of A to B',
    async (table, target) => {
      await actAs(db.pool, bridge, async (client) => {
        const id = target(w);
        const a = await attempt(
          client,
          `UPDATE ${table} SET workspace_id = $2 WHERE ${keyOf(table)} = $1 AND workspace_id = $3`,
          [id, w.b.workspaceId, w.a.workspaceId],
        );
        // workspace_id is in no column grant of crm_user: refused before any row is read.
        expect(a.error?.code, a.error?.message ?? 'must be refused').toBe('42501');
        await expectStillInA(client, table, id);
      });
    },
  );

  it.each(MOVABLE)('%s: not even the superuser can move a row of A to B', async (table, target) => {
    await actAs(db.pool, null, async (client) => {
      const id = target(w);
      const a = await asSuperuser(client, () =>
        attempt(
          client,
          `UPDATE ${table} SET workspace_id = $2 WHERE ${keyOf(table)} = $1 AND workspace_id = $3`,
          [id, w.b.workspaceId, w.a.workspaceId],
        ),
      );
      // The immutability trigger (or a composite key) refuses it; the exact code is the trigger's business.
      expect(a.error, 'must be refused').not.toBeNull();
      await expectStillInA(client, table, id);
    });
  });
});
