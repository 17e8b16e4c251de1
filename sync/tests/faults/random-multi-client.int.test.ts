/**
 * Seeded randomized fault test: 2, then 5 clients (different roles of one
 * workspace, the viewer's edits all refused) make random offline edits of the
 * same few records while their proxies drop, cut, delay and duplicate
 * requests, go offline and come back, and the apps restart. Then everything
 * heals and every client must equal the server, with every write in
 * PostgreSQL exactly once or listed as rejected (invariants.ts); rejected
 * writes are then retried (fixed) or discarded and it must converge again.
 *
 * FAULT_SEED=<n> replays a run; the seed is logged at the start and leads
 * every failure message.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type TestServer } from '../../server/testing/test-server.ts';
import { expectConvergence } from './convergence.ts';
import { startFaultClient, type FaultClient } from './fault-client.ts';
import { mulberry32, pick, randomEdit, randomFault, type Rng } from './random-edits.ts';

const ROLES = ['rep', 'manager', 'viewer', 'admin', 'owner'] as const;
const ROUNDS = 10;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
});
afterAll(async () => {
  await t.close();
});

async function round(clients: FaultClient[], rng: Rng): Promise<void> {
  for (const c of clients) {
    const r = rng();
    if (r < 0.2) c.proxy.setOffline(!c.proxy.offline);
    else if (r < 0.5) c.proxy.addRule(randomFault(rng));
    else if (r < 0.6) c.restart();
    if (!c.running()) c.start();
    const edits = 1 + Math.floor(rng() * 3);
    for (let i = 0; i < edits; i++) {
      const m = randomEdit(c, rng);
      if (m) c.ledger.write(c.replica, [m]);
    }
  }
  // Part of the random schedule (how much the clients overlap), not a synchronisation.
  await new Promise((resolve) => setTimeout(resolve, Math.floor(rng() * 150)));
}

function heal(clients: FaultClient[]): void {
  for (const c of clients) {
    c.proxy.clearRules();
    c.proxy.setOffline(false);
    if (!c.running()) c.start();
  }
}

/** The user deals with each rejected write: retried with a fix where one exists, else discarded or left listed. */
function settleRejections(c: FaultClient, rng: Rng): void {
  for (const e of c.replica.outbox.rejected()) {
    const choice = rng();
    if (c.label.startsWith('viewer') || choice < 0.3) c.ledger.discard(c.replica, e.mutation_id);
    else if (choice < 0.7 && e.rejection?.code === 'invalid' && e.table === 'contacts') c.ledger.retry(c.replica, e.mutation_id, { last_name: 'Fixed' });
    else if (choice < 0.7 && e.rejection?.code === 'invalid' && e.table === 'interactions') c.ledger.retry(c.replica, e.mutation_id, { follow_up_required: true, follow_up_date: '2026-06-01' });
    // else: left in the list, which the invariants accept as long as the reason is kept
  }
}

describe.each([2, 5])('%i clients with random offline edits and random faults', (n) => {
  const clients: FaultClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.cleanup();
  });

  it('converge, with every write in PostgreSQL exactly once or listed with its reason', async () => {
    const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31);
    const context = `FAULT_SEED=${seed} (${n} clients)`;
    console.log(`random multi-client fault test: ${context}`);
    const rng = mulberry32(seed + n);
    const tenant = await createLoginTenant(t.db.pool, `random${n}`);
    await createCrmGraph(t.db.pool, tenant.workspaceId, tenant.users.owner);
    for (let i = 0; i < n; i++) {
      const role = ROLES[i]!;
      clients.push(await startFaultClient(t.url, tenant.emails[role], `${role}#${i}`));
    }
    await expectConvergence(t.db.pool, clients, { context: `${context}, initial sync` });

    for (let r = 0; r < ROUNDS; r++) await round(clients, rng);
    // One random client also loses its network in the middle of everything (live polls cut).
    pick(rng, clients).proxy.cutAll();
    heal(clients);
    await expectConvergence(t.db.pool, clients, { context: `${context}, after healing`, timeoutMs: 45_000 });

    for (const c of clients) settleRejections(c, rng);
    await expectConvergence(t.db.pool, clients, { context: `${context}, after retries and discards`, timeoutMs: 30_000 });
  }, 120_000);
});
