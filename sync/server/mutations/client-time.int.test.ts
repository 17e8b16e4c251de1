/**
 * Issue 12: a stage move is dated when the user made it (the mutation's
 * created_at), not when the server received it, with both times kept; client
 * times the server cannot believe are refused one mutation at a time, with the
 * reason, while the rest of the batch applies. Real HTTP, real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { CLIENT_CLOCK_SKEW_MS, MAX_OFFLINE_DAYS } from '../../schema/client-time-rules.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

type M = ReturnType<typeof mutation>;
const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dated = (m: M, createdAt: string): M => ({ ...m, created_at: createdAt });

async function send(...mutations: M[]) {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Array<{ mutation_id: string; status: string; code?: string; field?: string; message?: string }>;
}

async function times(id: string) {
  const { rows } = await t.db.pool.query<{ stage: string; changed: Date; received: Date; updated: Date }>(
    `SELECT stage, stage_changed_at AS changed, stage_change_received_at AS received, updated_at AS updated
     FROM opportunities WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

async function newOpportunity(name: string): Promise<string> {
  const id = randomUUID();
  const [r] = await send(mutation('opportunities', 'insert', id, { name, organization_id: g.customerId }));
  expect(r!.status).toBe('applied');
  return id;
}

describe('the client time dates a stage move', () => {
  it('keeps the time of an offline move (three days before it arrived) and the time it arrived beside it', async () => {
    const id = await newOpportunity('Offline trip deal');
    const movedAt = at(-3 * DAY);
    const before = Date.now();
    const [r] = await send(dated(mutation('opportunities', 'update', id, { stage: 'Demo Scheduled' }), movedAt));
    expect(r!.status).toBe('applied');
    const row = await times(id);
    expect(row.stage).toBe('Demo Scheduled');
    expect(row.changed.toISOString()).toBe(movedAt);
    // The server's own time: when the batch arrived (within this test's few seconds).
    expect(row.received.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.received.getTime() - row.changed.getTime()).toBeGreaterThan(3 * DAY - 60_000);
  });

  it('dates a new opportunity by when it was created on the device', async () => {
    const id = randomUUID();
    const createdAt = at(-2 * HOUR);
    const [r] = await send(dated(mutation('opportunities', 'insert', id, { name: 'Made on the plane', organization_id: g.customerId }), createdAt));
    expect(r!.status).toBe('applied');
    expect((await times(id)).changed.toISOString()).toBe(createdAt);
  });

  it('leaves both times alone when the update does not move the stage, however old its client time', async () => {
    const id = await newOpportunity('Only notes change');
    const first = await times(id);
    const [r] = await send(dated(mutation('opportunities', 'update', id, { notes: 'Chef wants samples' }), at(-(MAX_OFFLINE_DAYS + 5) * DAY)));
    expect(r!.status).toBe('applied');
    const after = await times(id);
    expect(after.changed).toEqual(first.changed);
    expect(after.received).toEqual(first.received);
  });

  it('takes a clock a little fast (within the allowance) but never dates the move after it arrived', async () => {
    const id = await newOpportunity('Fast clock');
    const [r] = await send(dated(mutation('opportunities', 'update', id, { stage: 'Awaiting Response' }), at(CLIENT_CLOCK_SKEW_MS / 2)));
    expect(r!.status).toBe('applied');
    const row = await times(id);
    expect(row.changed).toEqual(row.received);
  });
});

describe('implausible client times', () => {
  it('refuses a move dated in the future or too long ago, per mutation, while the rest of the batch applies', async () => {
    const ids = [await newOpportunity('Future clock'), await newOpportunity('Ancient clock'), await newOpportunity('Honest clock')];
    const before = await Promise.all(ids.map(times));
    const future = at(2 * HOUR);
    const ancient = at(-(MAX_OFFLINE_DAYS + 1) * DAY);
    const honest = at(-5 * DAY);
    const interactionId = randomUUID();
    const batch = [
      dated(mutation('opportunities', 'update', ids[0]!, { stage: 'Closed - Won' }), future),
      dated(mutation('opportunities', 'update', ids[1]!, { stage: 'Closed - Won' }), ancient),
      dated(mutation('opportunities', 'update', ids[2]!, { stage: 'Feedback Logged' }), honest),
      mutation('interactions', 'insert', interactionId, {
        interaction_type: 'Note',
        opportunity_id: ids[2],
        interaction_date: at(-DAY),
      }),
    ];
    const results = await send(...batch);
    expect(results.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'created_at' });
    expect(results[0]!.message).toContain('ahead of the server');
    expect(results[0]!.message).toContain(future);
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'created_at' });
    expect(results[1]!.message).toContain(`more than ${MAX_OFFLINE_DAYS} days ago`);
    expect(results.slice(2).map((r) => r.status)).toEqual(['applied', 'applied']);

    // Refused: nothing of them stayed. Applied: dated by its client time.
    expect(await times(ids[0]!)).toEqual(before[0]);
    expect(await times(ids[1]!)).toEqual(before[1]);
    expect((await times(ids[2]!)).changed.toISOString()).toBe(honest);
    const { rows } = await t.db.pool.query(`SELECT 1 FROM interactions WHERE id = $1`, [interactionId]);
    expect(rows).toHaveLength(1);

    // The refusals are kept with their reason for the admins' list, never lost.
    const log = await t.db.pool.query<{ status: string; field: string | null; client_created_at: Date }>(
      `SELECT status, field, client_created_at FROM crm_private.mutation_log
       WHERE mutation_id = ANY($1::uuid[]) ORDER BY client_created_at`,
      [batch.slice(0, 2).map((m) => m.mutation_id)],
    );
    expect(log.rows).toEqual([
      { status: 'rejected', field: 'created_at', client_created_at: new Date(ancient) },
      { status: 'rejected', field: 'created_at', client_created_at: new Date(future) },
    ]);
  });

  it('refuses an interaction that happened in the future, naming interaction_date', async () => {
    const ok = randomUUID();
    const tomorrow = randomUUID();
    const results = await send(
      mutation('interactions', 'insert', tomorrow, { interaction_type: 'Meeting', organization_id: g.customerId, interaction_date: at(DAY) }),
      mutation('interactions', 'insert', ok, { interaction_type: 'Meeting', organization_id: g.customerId, interaction_date: at(-2 * DAY) }),
    );
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'interaction_date' });
    expect(results[0]!.message).toContain('ahead of the server');
    expect(results[1]!.status).toBe('applied');
    const moved = await send(mutation('interactions', 'update', ok, { interaction_date: at(3 * HOUR) }));
    expect(moved[0]).toMatchObject({ status: 'rejected', field: 'interaction_date' });
  });
});
