/**
 * The local principal dashboard equals the server's principal_activity_summary
 * for the same data: rows made in PostgreSQL (soft-deleted ones, follow-ups
 * due, done and future, engagement at each threshold), read back with the
 * replicated columns, applied through the replica's server-apply path, and
 * compared row by row. Then the same product changes are made offline on the
 * client and on the server: the client's derivation of a principal's
 * opportunities equals the server's trigger-maintained opportunity_principals.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';
import { createTenant, type Tenant } from '../../../server-migrations/testing/fixtures.ts';
import { openTempReplica, type TempReplica } from '../../../sync/client/testing/temp-replica.ts';
import { canonicalTimestamp, timestampText } from '../../../sync/client/replica/index.ts';
import { pullWorkspace } from '../testing/server-pull.ts';
import * as c from '../index.ts';
import type { CoreContext } from '../context.ts';

let db: TestDatabase;
let tenant: Tenant;
let other: Tenant;
let t: TempReplica;
let ctx: CoreContext;
const id = () => randomUUID();
const ids = {
  principals: [id(), id(), id(), id()],
  customer: id(),
  products: [id(), id(), id(), id(), id()],
  opps: [id(), id(), id(), id()],
};

async function q(sql: string, params: unknown[] = []) {
  return (await db.pool.query(sql, params)).rows;
}

/** A full resync of every table (main/core/testing/server-pull.ts). */
const pullAll = () => pullWorkspace(q, t.replica, tenant.workspaceId);

async function compare(): Promise<number> {
  const [{ now, today }] = await q(
    `SELECT to_json(now()) #>> '{}' AS now, current_date::text AS today`,
  );
  const server = await q(
    `SELECT principal_id, name, opportunities_count::int, interactions_count::int, products_count::int,
            to_json(last_activity_at) #>> '{}' AS last_activity_at, engagement_level::text, follow_ups_due_count::int
     FROM principal_activity_summary WHERE workspace_id = $1 ORDER BY principal_id`,
    [tenant.workspaceId],
  );
  // The view has no last_interaction_at (the organization's own column, compared in the replica tests).
  const local = c
    .principalDashboard(ctx, { now, today })
    .sort((a, b) => a.principal_id.localeCompare(b.principal_id))
    .map(({ last_interaction_at: _own, ...rest }) => rest);
  expect(local).toEqual(
    server.map((r) => ({
      ...r,
      last_activity_at: r.last_activity_at ? canonicalTimestamp(r.last_activity_at) : null,
    })),
  );
  return server.length;
}

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await createTenant(db.pool, 'alpha');
  other = await createTenant(db.pool, 'beta');
  const ws = tenant.workspaceId;
  const [p1, p2, p3, pDeleted] = ids.principals as [string, string, string, string];
  await q(
    `INSERT INTO organizations (id, workspace_id, name, is_principal, is_distributor, deleted_at) VALUES
       ($1, $6, 'Saucy Foods', true, false, NULL), ($2, $6, 'Crunch Co', true, false, NULL),
       ($3, $6, 'Quiet Creamery', true, false, NULL), ($4, $6, 'Gone Principal', true, false, now()),
       ($5, $6, 'Elm Street Bistro', false, false, NULL)`,
    [p1, p2, p3, pDeleted, ids.customer, ws],
  );
  const [pr1, pr2, pr3, pr4, prDeleted] = ids.products as [string, string, string, string, string];
  await q(
    `INSERT INTO products (id, workspace_id, principal_id, name, deleted_at) VALUES
       ($1, $6, $7, 'Chipotle Sauce', NULL), ($2, $6, $7, 'Mild Salsa', NULL), ($3, $6, $8, 'Kettle Chips', NULL),
       ($4, $6, $9, 'Gelato', NULL), ($5, $6, $8, 'Old Chips', now())`,
    [pr1, pr2, pr3, pr4, prDeleted, ws, p1, p2, p3],
  );
  const [o1, o2, o3, oDeleted] = ids.opps as [string, string, string, string];
  await q(
    `INSERT INTO opportunities (id, workspace_id, name, organization_id, stage, deleted_at, close_reason) VALUES
       ($1, $5, 'Sauce trial', $6, 'New Lead', NULL, NULL), ($2, $5, 'Snack program', $6, 'Demo Scheduled', NULL, NULL),
       ($3, $5, 'Mixed pitch', $6, 'Awaiting Response', NULL, NULL), ($4, $5, 'Dropped', $6, 'Closed - No Fit', now(), 'Price or terms')`,
    [o1, o2, o3, oDeleted, ws, ids.customer],
  );
  // o1: two products of one principal (counts once); o3: products of two principals, one link later deleted;
  // a deleted product still links its principal (as the server's derivation does); the deleted opportunity counts for nobody.
  const link = (opp: string, product: string, deleted = false) =>
    q(
      `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id, deleted_at) VALUES ($1, $2, $3, $4, ${deleted ? 'now()' : 'NULL'})`,
      [id(), ws, opp, product],
    );
  await link(o1, pr1);
  await link(o1, pr2);
  await link(o2, pr3);
  await link(o3, pr1);
  await link(o3, pr3, true);
  await link(o3, prDeleted);
  await link(oDeleted, pr4);
  const interaction = (
    opp: string | null,
    ageDays: number,
    extra: Partial<{ deleted: boolean; due: string; done: boolean }> = {},
  ) =>
    q(
      `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, organization_id, opportunity_id,
                                 follow_up_required, follow_up_date, follow_up_done_at, deleted_at, notes)
       VALUES ($1, $2, 'Phone Call', now() - make_interval(secs => $3::float8 * 86400), $4, $5, $6, ${extra.due ?? 'NULL'},
               ${extra.done ? 'now()' : 'NULL'}, ${extra.deleted ? 'now()' : 'NULL'}, 'call')`,
      [id(), ws, ageDays, ids.customer, opp, extra.due !== undefined],
    );
  await interaction(o1, 3);
  await interaction(o1, 1.5, { due: 'current_date - 2' });
  await interaction(o1, 0.5, { due: 'current_date' });
  await interaction(o1, 2, { due: 'current_date + 3' });
  await interaction(o1, 2, { due: 'current_date - 5', done: true });
  await interaction(o1, 0.1, { deleted: true, due: 'current_date - 1' });
  await interaction(o2, 10);
  await interaction(o2, 20, { due: 'current_date - 9' });
  await interaction(o3, 40);
  await interaction(oDeleted, 1);
  await interaction(null, 0.2);
  // Two more principals: one last active 25 days ago (Low), one 45 days ago (Inactive though active once).
  for (const [name, age] of [
    ['Slow Bakery', 25],
    ['Dormant Dairy', 45],
  ] as const) {
    const [p, pr, o] = [id(), id(), id()];
    await q(
      `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $2, $3, true)`,
      [p, ws, name],
    );
    await q(
      `INSERT INTO products (id, workspace_id, principal_id, name) VALUES ($1, $2, $3, 'Bread')`,
      [pr, ws, p],
    );
    await q(
      `INSERT INTO opportunities (id, workspace_id, name, organization_id) VALUES ($1, $2, 'Bread run', $3)`,
      [o, ws, ids.customer],
    );
    await link(o, pr);
    await interaction(o, age);
  }
  // Another tenant's data never reaches this replica's dashboard.
  await q(
    `INSERT INTO organizations (id, workspace_id, name, is_principal) VALUES ($1, $2, 'Other Principal', true)`,
    [id(), other.workspaceId],
  );

  t = openTempReplica({ actorId: tenant.users.rep });
  ctx = { replica: t.replica, workspaceId: tenant.workspaceId, userId: tenant.users.rep };
  await pullAll();
}, 120_000);

afterAll(async () => {
  t?.cleanup();
  await db?.drop();
});

describe('principal dashboard: local equals principal_activity_summary', () => {
  it('matches row by row after a full sync', async () => {
    expect(await compare()).toBe(5);
    const levels = Object.fromEntries(
      c.principalDashboard(ctx).map((r) => [r.name, r.engagement_level]),
    );
    expect(levels).toEqual({
      'Crunch Co': 'Medium',
      'Dormant Dairy': 'Inactive',
      'Quiet Creamery': 'Inactive',
      'Saucy Foods': 'High',
      'Slow Bakery': 'Low',
    });
    const saucy = c.principalDashboard(ctx).find((r) => r.name === 'Saucy Foods')!;
    expect(saucy).toMatchObject({
      opportunities_count: 2,
      interactions_count: 6,
      products_count: 2,
      engagement_level: 'High',
      follow_ups_due_count: 2,
    });
  });

  it('matches again after the same product changes are made offline and on the server', async () => {
    const [p1, , p3] = ids.principals;
    const [pr1, , pr3, pr4] = ids.products as [string, string, string, string];
    const [o1, o2, o3] = ids.opps as [string, string, string];
    // Offline on the client: Gelato joins the snack program; the sauce leaves the mixed pitch.
    c.addOpportunityProduct(ctx, { opportunity_id: o2, product_id: pr4 });
    c.removeOpportunityProduct(ctx, { opportunity_id: o3, product_id: pr1 });
    // The server gets the same changes (as the push loop would deliver them).
    await q(
      `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES ($1, $2, $3, $4)`,
      [id(), tenant.workspaceId, o2, pr4],
    );
    await q(
      `UPDATE opportunity_products SET deleted_at = now() WHERE opportunity_id = $1 AND product_id = $2`,
      [o3, pr1],
    );
    await compare(); // pending local edits vs the server after its triggers ran
    t.replica.outbox.discardUnsynced();
    await pullAll();
    await compare();
    const rows = c.principalDashboard(ctx);
    expect(rows.find((r) => r.principal_id === p3)).toMatchObject({
      opportunities_count: 1,
      interactions_count: 2,
    });
    expect(rows.find((r) => r.principal_id === p1)).toMatchObject({
      opportunities_count: 1,
      interactions_count: 5,
    });
    void o1;
    void pr3;
  });

  it('matches with interaction_principals: chosen links synced and made offline, principals met directly', async () => {
    const ws = tenant.workspaceId;
    const [p1, p2, p3] = ids.principals as [string, string, string];
    const [o1] = ids.opps as [string];
    const [chef, sam] = [id(), id()];
    await q(
      `INSERT INTO contacts (id, workspace_id, organization_id, first_name) VALUES ($1, $3, $4, 'Chef Ana'), ($2, $3, $5, 'Sam of Crunch')`,
      [chef, sam, ws, ids.customer, p2],
    );
    // On the server: a meeting on Crunch's own page, a call with its rep, a call on the sauce
    // trial with Saucy chosen too (counted once) and Crunch chosen then removed.
    const [meeting, withSam, onTrial] = [id(), id(), id()];
    await q(
      `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, organization_id, contact_id, opportunity_id) VALUES
         ($1, $4, 'Meeting', now() - interval '9 days', $5, NULL, NULL),
         ($2, $4, 'Phone Call', now() - interval '3 days', NULL, $6, NULL),
         ($3, $4, 'Phone Call', now() - interval '1 day', NULL, $7, $8)`,
      [meeting, withSam, onTrial, ws, p2, sam, chef, o1],
    );
    await q(
      `INSERT INTO interaction_principals (workspace_id, interaction_id, principal_id, deleted_at) VALUES
         ($1, $2, $3, NULL), ($1, $2, $4, now())`,
      [ws, onTrial, p1, p2],
    );
    await pullAll();
    await compare();
    // Offline on the client: a call with the chef alone, Quiet Creamery and Crunch chosen.
    const call = c.logInteraction(ctx, { interaction_type: 'Phone Call', contact_id: chef }).id;
    c.setInteractionPrincipals(ctx, { interaction_id: call, principal_ids: [p3, p2] });
    const local = t.replica.getRow('interactions', call)!;
    const links = t.replica
      .stmt('SELECT id, principal_id FROM interaction_principals WHERE interaction_id = ?')
      .all(call) as { id: string; principal_id: string }[];
    expect(links).toHaveLength(2);
    // The server gets the same writes (as the push loop would deliver them).
    await q(
      `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, contact_id) VALUES ($1, $2, 'Phone Call', $3, $4)`,
      [call, ws, timestampText(local.interaction_date!), chef],
    );
    for (const l of links)
      await q(
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
        [l.id, ws, call, l.principal_id],
      );
    await compare(); // pending local edits vs the server after its triggers ran
    t.replica.outbox.discardUnsynced();
    await pullAll();
    await compare();
    const rows = Object.fromEntries(c.principalDashboard(ctx).map((r) => [r.name, r]));
    // Crunch: the snack program's two calls, the mixed pitch's (through its deleted product), the
    // meeting, the call with Sam, the chef's call; the sauce trial's removed link counts for nothing.
    expect(rows['Crunch Co']).toMatchObject({ interactions_count: 6, engagement_level: 'High' });
    // Quiet Creamery: the snack program's two calls (Gelato joined it) and the chef's call.
    expect(rows['Quiet Creamery']).toMatchObject({
      interactions_count: 3,
      engagement_level: 'High',
    });
  });

  it('matches when synced interactions are edited offline (the overlay hides the synced rows)', async () => {
    const [o1, o2] = ids.opps as [string, string];
    const onTrial = t.replica
      .stmt(
        `SELECT id FROM interactions WHERE opportunity_id = ? AND deleted_at IS NULL ORDER BY id`,
      )
      .all(o1) as { id: string }[];
    const [gone, moved] = onTrial as [{ id: string }, { id: string }];
    c.deleteInteraction(ctx, { id: gone.id });
    c.updateInteraction(ctx, { id: moved.id, opportunity_id: o2 });
    await q(`UPDATE interactions SET deleted_at = now() WHERE id = $1`, [gone.id]);
    await q(`UPDATE interactions SET opportunity_id = $2 WHERE id = $1`, [moved.id, o2]);
    await compare();
    t.replica.outbox.discardUnsynced();
    await pullAll();
    await compare();
  });

  it('drops a removed principal at once offline (quick log and an edit), and matches the server after sync', async () => {
    const ws = tenant.workspaceId;
    const [p1, p2] = ids.principals as [string, string];
    const [o1] = ids.opps as [string];
    const counts = () =>
      Object.fromEntries(c.principalDashboard(ctx).map((r) => [r.name, r.interactions_count]));
    const before = counts();
    // Quick log on the sauce trial with Saucy (derived from the opportunity) removed:
    // Saucy does not move; an edit removes Crunch from the meeting on its own page.
    const logged = c.logInteractionWithPrincipals(ctx, {
      interaction_type: 'Phone Call',
      opportunity_id: o1,
      principals: { chosen: [], removed: [p1] },
    }).id;
    const meeting = t.replica
      .stmt(
        `SELECT id FROM interactions WHERE organization_id = ? AND interaction_type = 'Meeting'`,
      )
      .get(p2) as { id: string };
    c.updateInteractionWithPrincipals(ctx, {
      id: meeting.id,
      principals: { chosen: [], removed: [p2] },
    });
    expect(counts()).toEqual({
      ...before,
      'Crunch Co': before['Crunch Co']! - 1,
    });
    // The follow-up filter's rule agrees: the meeting is no longer about Crunch.
    expect(
      c.interactionPrincipalsFor(ctx, { interaction_id: meeting.id, organization_id: p2 }),
    ).toMatchObject({ derived: [], removed: [{ id: p2, name: 'Crunch Co' }] });
    // The server gets the same writes (as the push loop would deliver them).
    const local = t.replica.getRow('interactions', logged)!;
    await q(
      `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, opportunity_id) VALUES ($1, $2, 'Phone Call', $3, $4)`,
      [logged, ws, timestampText(local.interaction_date!), o1],
    );
    const removals = t.replica
      .stmt(
        `SELECT id, interaction_id, principal_id FROM interaction_principals WHERE source = 'removed'`,
      )
      .all() as { id: string; interaction_id: string; principal_id: string }[];
    expect(removals).toHaveLength(2);
    for (const r of removals)
      await q(
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id, source) VALUES ($1, $2, $3, $4, 'removed')`,
        [r.id, ws, r.interaction_id, r.principal_id],
      );
    await compare(); // pending local edits vs the server after its triggers ran
    t.replica.outbox.discardUnsynced();
    await pullAll();
    await compare();
    expect(counts()).toEqual({ ...before, 'Crunch Co': before['Crunch Co']! - 1 });
    // Re-adding Crunch (its removal taken back) counts the meeting again, offline at once.
    c.updateInteractionWithPrincipals(ctx, {
      id: meeting.id,
      principals: { chosen: [], removed: [] },
    });
    expect(counts()).toEqual(before);
  });
});
