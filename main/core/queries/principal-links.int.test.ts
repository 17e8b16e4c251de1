/**
 * The desktop's rule for "which principals an interaction is about"
 * (principal-links.ts) equals the server's interaction_principals (0015's
 * triggers, live rows) for every interaction of a seeded workspace: after a
 * full sync, and after the same changes are made offline on the desktop and on
 * the server (a product joins a deal, a deal is deleted, a contact moves to a
 * principal, an interaction logged with chosen principals, a chosen link
 * removed). The principal dashboard, which reads the replicated links and
 * predicts only where a pending change may move them, equals the server's
 * principal_activity_summary at each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server-migrations/testing/test-database.ts';
import { parseSeedArgs } from '../../../server-migrations/seed/options.ts';
import { runSeed } from '../../../server-migrations/seed/seed.ts';
import { openTempReplica, type TempReplica } from '../../../sync/client/testing/temp-replica.ts';
import { canonicalTimestamp, timestampText } from '../../../sync/client/replica/index.ts';
import { pullWorkspace } from '../testing/server-pull.ts';
import { principalLinksSql } from './principal-links.ts';
import * as c from '../index.ts';
import type { CoreContext } from '../context.ts';

let db: TestDatabase;
let t: TempReplica;
let ctx: CoreContext;
let ws: string;

async function q(sql: string, params: unknown[] = []) {
  return (await db.pool.query(sql, params)).rows as Record<string, unknown>[];
}
const pull = () => pullWorkspace(q, t.replica, ws);
const pair = (r: Record<string, unknown>) =>
  `${String(r.interaction_id)} ${String(r.principal_id)}`;

async function serverLinks(): Promise<string[]> {
  const rows = await q(
    `SELECT DISTINCT interaction_id, principal_id FROM interaction_principals
     WHERE workspace_id = $1 AND deleted_at IS NULL`,
    [ws],
  );
  return rows.map(pair).sort();
}

/** The rule over every interaction the replica holds (deleted ones too: the server keeps their links). */
function desktopLinks(): string[] {
  const rows = t.replica.stmt(principalLinksSql('interactions')).all({ ws }) as Record<
    string,
    unknown
  >[];
  return rows.map(pair).sort();
}

async function compareDashboard(): Promise<void> {
  const [clock] = await q(`SELECT to_json(now()) #>> '{}' AS now, current_date::text AS today`);
  const server = await q(
    `SELECT principal_id, name, opportunities_count::int, interactions_count::int, products_count::int,
            to_json(last_activity_at) #>> '{}' AS last_activity_at, engagement_level::text, follow_ups_due_count::int
     FROM principal_activity_summary WHERE workspace_id = $1 ORDER BY principal_id`,
    [ws],
  );
  const local = c
    .principalDashboard(ctx, { now: String(clock!.now), today: String(clock!.today) })
    .sort((a, b) => a.principal_id.localeCompare(b.principal_id))
    .map(({ last_interaction_at: _own, ...rest }) => rest);
  expect(local).toEqual(
    server.map((r) => ({
      ...r,
      last_activity_at: r.last_activity_at ? canonicalTimestamp(String(r.last_activity_at)) : null,
    })),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  const today = new Date().toISOString().slice(0, 10);
  const seeded = await runSeed(
    db.url,
    parseSeedArgs(['--interactions', '3000', '--reps', '2', '--seed', 'principal-links'], today),
  );
  ws = seeded.workspaces[0]!.id;
  const rep = seeded.users.find((u) => u.role === 'rep' && u.workspace_id === ws)!;
  t = openTempReplica({ actorId: rep.id });
  ctx = { replica: t.replica, workspaceId: ws, userId: rep.id };
  await pull();
}, 180_000);

afterAll(async () => {
  t?.cleanup();
  await db?.drop();
});

describe('principal links: desktop rule equals the server', () => {
  it('for every interaction of the seeded workspace after a full sync', async () => {
    const server = await serverLinks();
    // Every kind of link is there: through a deal, with a principal's own people, chosen.
    const kinds = await q(
      `SELECT source::text, count(*)::int AS n FROM interaction_principals
       WHERE workspace_id = $1 AND deleted_at IS NULL GROUP BY source ORDER BY source`,
      [ws],
    );
    expect(kinds.map((k) => k.source)).toEqual(['derived', 'chosen'].sort());
    expect(server.length).toBeGreaterThan(1000);
    expect(desktopLinks()).toEqual(server);
    await compareDashboard();
  });

  it('after the same changes offline on the desktop and on the server, then after a sync', async () => {
    const one = (sql: string) => t.replica.stmt(sql).get({ ws }) as Record<string, string>;
    // A product of a principal the deal does not have yet joins a deal with interactions.
    const deal = one(`
      SELECT o.id AS opportunity_id, pr.id AS product_id FROM opportunities o
      JOIN products pr ON pr.workspace_id = @ws AND pr.deleted_at IS NULL
      WHERE o.workspace_id = @ws AND o.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM interactions i WHERE i.opportunity_id = o.id AND i.deleted_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM opportunity_products l JOIN products x ON x.id = l.product_id
                        WHERE l.opportunity_id = o.id AND x.principal_id = pr.principal_id)
      ORDER BY o.id, pr.id LIMIT 1`);
    // Another deal with interactions goes to the trash.
    const gone = one(`
      SELECT o.id FROM opportunities o WHERE o.workspace_id = @ws AND o.deleted_at IS NULL AND o.id <> '${deal.opportunity_id}'
        AND EXISTS (SELECT 1 FROM interactions i JOIN opportunity_products l ON l.opportunity_id = o.id
                    WHERE i.opportunity_id = o.id AND i.deleted_at IS NULL AND l.deleted_at IS NULL)
      ORDER BY o.id LIMIT 1`);
    // A customer's contact with interactions moves to a principal (a rep changed companies).
    const moved = one(`
      SELECT ct.id, (SELECT p.id FROM organizations p WHERE p.workspace_id = @ws AND p.is_principal = 1
                     AND p.deleted_at IS NULL ORDER BY p.id LIMIT 1) AS principal_id
      FROM contacts ct JOIN organizations o ON o.id = ct.organization_id AND o.is_principal = 0
      WHERE ct.workspace_id = @ws AND ct.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = ct.id AND i.deleted_at IS NULL)
      ORDER BY ct.id LIMIT 1`);
    // A synced chosen link is removed.
    const chosen = one(`
      SELECT k.interaction_id, k.principal_id FROM interaction_principals k
      WHERE k.workspace_id = @ws AND k.source = 'chosen' AND k.deleted_at IS NULL ORDER BY k.id LIMIT 1`);
    const principals = (
      t.replica
        .stmt(
          `SELECT id FROM organizations WHERE workspace_id = @ws AND is_principal = 1 AND deleted_at IS NULL ORDER BY id LIMIT 2`,
        )
        .all({ ws }) as { id: string }[]
    ).map((p) => p.id);
    for (const v of [deal, gone, moved, chosen]) expect(v).toBeDefined();

    // Offline on the desktop.
    c.addOpportunityProduct(ctx, deal);
    c.deleteOpportunity(ctx, { id: gone.id });
    c.updateContact(ctx, { id: moved.id, organization_id: moved.principal_id });
    const keep = (
      t.replica
        .stmt(
          `SELECT principal_id FROM interaction_principals WHERE interaction_id = ? AND source = 'chosen' AND deleted_at IS NULL`,
        )
        .all(chosen.interaction_id) as { principal_id: string }[]
    )
      .map((r) => r.principal_id)
      .filter((p) => p !== chosen.principal_id);
    c.setInteractionPrincipals(ctx, { interaction_id: chosen.interaction_id, principal_ids: keep });
    const call = c.logInteraction(ctx, {
      interaction_type: 'Phone Call',
      contact_id: moved.id,
      follow_up_date: new Date().toISOString().slice(0, 10),
    }).id;
    c.setInteractionPrincipals(ctx, { interaction_id: call, principal_ids: principals });
    const logged = t.replica.getRow('interactions', call)!;
    const callLinks = t.replica
      .stmt(`SELECT id, principal_id FROM interaction_principals WHERE interaction_id = ?`)
      .all(call) as { id: string; principal_id: string }[];

    // The same on the server (as the push loop would deliver them).
    await q(
      `INSERT INTO opportunity_products (id, workspace_id, opportunity_id, product_id) VALUES (gen_random_uuid(), $1, $2, $3)`,
      [ws, deal.opportunity_id, deal.product_id],
    );
    await q(`UPDATE opportunities SET deleted_at = now() WHERE id = $1`, [gone.id]);
    await q(`UPDATE contacts SET organization_id = $2 WHERE id = $1`, [
      moved.id,
      moved.principal_id,
    ]);
    await q(
      `UPDATE interaction_principals SET deleted_at = now()
       WHERE interaction_id = $1 AND principal_id = $2 AND source = 'chosen'`,
      [chosen.interaction_id, chosen.principal_id],
    );
    await q(
      `INSERT INTO interactions (id, workspace_id, interaction_type, interaction_date, contact_id, follow_up_required, follow_up_date)
       VALUES ($1, $2, 'Phone Call', $3, $4, true, $5)`,
      [call, ws, timestampText(logged.interaction_date!), moved.id, logged.follow_up_date],
    );
    for (const l of callLinks)
      await q(
        `INSERT INTO interaction_principals (id, workspace_id, interaction_id, principal_id) VALUES ($1, $2, $3, $4)`,
        [l.id, ws, call, l.principal_id],
      );

    // Pending on the desktop, applied on the server: the rule over merged rows, and the dashboard.
    expect(desktopLinks()).toEqual(await serverLinks());
    await compareDashboard();
    // Synced: the replicated links are the server's, and the dashboard reads them.
    t.replica.outbox.discardUnsynced();
    await pull();
    expect(desktopLinks()).toEqual(await serverLinks());
    await compareDashboard();
  });
});
